using System.Security.Cryptography;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;
using Mandate.Jose;
using Mandate.Jose.Jwk;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate token get --dpop</c>, <c>token inspect</c> on a bound token, <c>agent create --dpop</c>.</summary>
[Collection(ServerCollection.Name)]
public sealed class DpopCommandTests(ServeFixture server)
{
    [Fact(DisplayName = "RFC 9449 §5/§6.1: token get --dpop prints the proof key's thumbprint and a token whose cnf.jkt is that thumbprint")]
    public async Task Get_Dpop_PrintsThumbprintAndBoundToken()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("dpop-get-bot", "tools:read");
        CliResult result = (await server.Cli.GetTokenAsync(agent, null, "--dpop")).AssertOk();

        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("dpop_jkt: ", lines[0]);
        string thumbprint = lines[0]["dpop_jkt: ".Length..];
        Assert.Equal(thumbprint, Cnf(lines[1]).GetProperty("jkt").GetString());
    }

    [Fact(DisplayName = "RFC 9449 §5: token get --dpop --json reports token_type DPoP and dpop_jkt")]
    public async Task Get_DpopJson_ReportsTokenTypeAndThumbprint()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("dpop-json-bot", "tools:read");
        CliResult result = (await server.Cli.GetTokenAsync(agent, null, "--dpop", "--json")).AssertOk();

        using JsonDocument document = JsonDocument.Parse(result.Stdout);
        Assert.Equal("DPoP", document.RootElement.GetProperty("token_type").GetString());
        string jkt = document.RootElement.GetProperty("dpop_jkt").GetString()!;
        Assert.Equal(jkt, Cnf(document.RootElement.GetProperty("access_token").GetString()!).GetProperty("jkt").GetString());
    }

    [Theory(DisplayName = "RFC 7638 §3: token get --dpop-key binds the token to the key in a PEM file")]
    [InlineData("ec-p256")]
    [InlineData("ec-p384")]
    [InlineData("rsa")]
    public async Task Get_DpopKeyPem_BindsToThatKey(string kind)
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync($"dpop-pem-{kind}-bot", "tools:read");
        (string pem, string expected) = kind switch
        {
            "rsa" => Rsa(),
            "ec-p384" => Ec(ECCurve.NamedCurves.nistP384),
            _ => Ec(ECCurve.NamedCurves.nistP256),
        };
        string file = Path.Combine(server.Root, $"dpop-{kind}-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(file, pem);

        CliResult result = (await server.Cli.GetTokenAsync(agent, null, "--dpop-key", file)).AssertOk();

        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("dpop_jkt: " + expected, lines[0]);
        Assert.Equal(expected, Cnf(lines[1]).GetProperty("jkt").GetString());
        Assert.DoesNotContain("PRIVATE", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Get_DpopKeyMissingOrGarbage_ExitsWithOneLine()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("dpop-badkey-bot", "tools:read");
        (await server.Cli.GetTokenAsync(agent, null, "--dpop-key", "no-such-key.pem")).AssertOneLineError(ExitCodes.NotFound);

        string garbage = Path.Combine(server.Root, "garbage-dpop.pem");
        await File.WriteAllTextAsync(garbage, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        CliResult result = await server.Cli.GetTokenAsync(agent, null, "--dpop-key", garbage);
        result.AssertOneLineError(ExitCodes.Usage);
        Assert.Contains("not a usable", result.Stderr);
    }

    [Fact(DisplayName = "RFC 9449 §5: an agent created with --dpop required gets no Bearer token, and agent show says dpop: required")]
    public async Task AgentCreate_DpopRequired_RefusesBearer()
    {
        CliResult created = (await server.Cli.RunAsync(
            "agent", "create", "dpop-required-bot", "--scope", "tools:read", "--default-scope", "tools:read", "--audience", CliRunnerExtensions.Api,
            "--owner", "team@example.com", "--dpop", "required", "--json")).AssertOk();
        AgentCredentials agent = AgentCredentials.Parse(created.Stdout);
        using (JsonDocument shown = JsonDocument.Parse((await server.Cli.RunAsync("agent", "show", agent.ClientId, "--json")).AssertOk().Stdout))
        {
            Assert.Equal("required", shown.RootElement.GetProperty("dpop").GetString());
        }

        Assert.Matches(@"(?m)^dpop:\s+required$", (await server.Cli.RunAsync("agent", "show", agent.ClientId)).AssertOk().Stdout);

        CliResult bearer = await server.Cli.GetTokenAsync(agent);
        bearer.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("invalid_dpop_proof", bearer.Stderr);
        Assert.Contains("MND2663", bearer.Stderr);

        (await server.Cli.GetTokenAsync(agent, null, "--dpop")).AssertOk();
    }

    [Fact]
    public async Task AgentCreate_DpopOtherValue_IsAUsageError()
    {
        CliResult result = await server.Cli.RunAsync(
            "agent", "create", "dpop-typo-bot", "--scope", "tools:read", "--owner", "team@example.com", "--dpop", "always");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact(DisplayName = "RFC 9449 §6.1: token inspect explains cnf.jkt of a bound token, offline, and accepts a pasted DPoP header value")]
    public async Task Inspect_BoundToken_ExplainsBinding()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("dpop-inspect-bot", "tools:read");
        string[] lines = (await server.Cli.GetTokenAsync(agent, null, "--dpop")).AssertOk().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string jkt = lines[0]["dpop_jkt: ".Length..];

        CliResult inspect = (await new CliRunner(server.Root).RunAsync("token", "inspect", "DPoP " + lines[1])).AssertOk();
        Assert.Contains($"binding: DPoP (RFC 9449) - usable only with a proof signed by the key whose RFC 7638 thumbprint is {jkt}", inspect.Stdout);
        Assert.Contains("sent as Bearer it is refused", inspect.Stdout);
        Assert.Contains("verdict: decoded, not verified", inspect.Stdout);
    }

    [Fact]
    public async Task Inspect_BearerToken_SaysUnbound()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("bearer-inspect-bot", "tools:read");
        string token = (await server.Cli.GetTokenAsync(agent)).AssertOk().Stdout.Trim();
        CliResult inspect = (await new CliRunner(server.Root).RunAsync("token", "inspect", token)).AssertOk();
        Assert.Contains("binding: none - a bearer token", inspect.Stdout);
    }

    private static JsonElement Cnf(string jwt)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[1], out byte[]? payload));
        return JsonDocument.Parse(payload).RootElement.GetProperty("cnf").Clone();
    }

    private static (string Pem, string Thumbprint) Ec(ECCurve curve)
    {
        using ECDsa key = ECDsa.Create(curve);
        return (key.ExportPkcs8PrivateKeyPem(), JsonWebKey.FromECDsa(key, includePrivate: false).ComputeThumbprint());
    }

    private static (string Pem, string Thumbprint) Rsa()
    {
        using RSA key = RSA.Create(2048);
        return (key.ExportRSAPrivateKeyPem(), JsonWebKey.FromRsa(key, includePrivate: false).ComputeThumbprint());
    }
}
