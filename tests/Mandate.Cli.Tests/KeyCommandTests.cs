using System.Text;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;
using Mandate.Jose;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;

namespace Mandate.Cli.Tests;

/// <summary>Key tests get their own server: activating a key changes what every later token is signed with.</summary>
public sealed class KeyCommandTests(ServeFixture server) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task List_ShowsTheActiveKey()
    {
        CliResult result = (await server.Cli.RunAsync("key", "list")).AssertOk();
        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^KID\s+ALG\s+STATE\s+CREATED$", lines[0]);
        Assert.Contains(lines.Skip(1), l => l.Contains("ES256", StringComparison.Ordinal) && l.Contains("active", StringComparison.OrdinalIgnoreCase));

        CliResult json = (await server.Cli.RunAsync("key", "list", "--json")).AssertOk();
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        Assert.True(document.RootElement.GetArrayLength() >= 1);
        Assert.DoesNotContain("\"d\"", json.Stdout);
    }

    [Fact]
    public async Task Import_Activate_NewTokensCarryTheImportedKid()
    {
        using SigningKey key = SigningKey.Generate(SignatureAlgorithm.ES256);
        JsonWebKey privateJwk = key.ExportPrivateJwk();
        string file = Path.Combine(server.Root, "imported-key.json");
        await File.WriteAllTextAsync(file, privateJwk.ToJson());

        CliResult imported = (await server.Cli.RunAsync("key", "import", file, "--activate")).AssertOk();
        Assert.Contains(key.KeyId, imported.Stdout);
        Assert.Contains("active", imported.Stdout);
        Assert.DoesNotContain(privateJwk.D!, imported.Stdout);

        CliResult list = (await server.Cli.RunAsync("key", "list")).AssertOk();
        Assert.Contains(key.KeyId, list.Stdout);

        AgentCredentials agent = await server.Cli.CreateAgentAsync("key-rotation-bot");
        string token = (await server.Cli.GetTokenAsync(agent)).AssertOk().Stdout.Trim();
        Assert.True(Base64Url.TryDecode(token.Split('.')[0], out byte[] header));
        using JsonDocument headerJson = JsonDocument.Parse(header);
        Assert.Equal(key.KeyId, headerJson.RootElement.GetProperty("kid").GetString());

        CliResult inspect = (await server.Cli.RunAsync("token", "inspect", token)).AssertOk();
        Assert.Contains($"signature: valid (kid {key.KeyId}, ES256)", inspect.Stdout);
    }

    [Fact]
    public async Task Import_WithoutActivate_IsPendingAndJsonHasNoPrivateMembers()
    {
        using SigningKey key = SigningKey.Generate(SignatureAlgorithm.ES256);
        string file = Path.Combine(server.Root, "pending-key.json");
        await File.WriteAllTextAsync(file, key.ExportPrivateJwk().ToJson());

        CliResult imported = (await server.Cli.RunAsync("key", "import", file, "--json")).AssertOk();
        using JsonDocument document = JsonDocument.Parse(imported.Stdout);
        Assert.Equal(["kid", "alg", "state"], document.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(key.KeyId, document.RootElement.GetProperty("kid").GetString());
        Assert.NotEqual("active", document.RootElement.GetProperty("state").GetString());

        CliResult again = await server.Cli.RunAsync("key", "import", file);
        again.AssertOneLineError(ExitCodes.Conflict);
    }

    [Fact]
    public async Task Import_PublicKey_ExitsTwo()
    {
        using SigningKey key = SigningKey.Generate(SignatureAlgorithm.ES256);
        string file = Path.Combine(server.Root, "public-key.json");
        await File.WriteAllTextAsync(file, key.PublicJwk.ToJson());

        (await server.Cli.RunAsync("key", "import", file)).AssertOneLineError(ExitCodes.Usage);
    }

    [Fact]
    public async Task Import_NotAJwk_ExitsTwo()
    {
        string file = Path.Combine(server.Root, "garbage.json");
        await File.WriteAllTextAsync(file, "{\"hello\":", Encoding.UTF8);

        (await server.Cli.RunAsync("key", "import", file)).AssertOneLineError(ExitCodes.Usage);
    }

    [Fact]
    public async Task Import_MissingFile_ExitsFive()
    {
        (await server.Cli.RunAsync("key", "import", "no-such-key.json")).AssertOneLineError(ExitCodes.NotFound);
    }
}
