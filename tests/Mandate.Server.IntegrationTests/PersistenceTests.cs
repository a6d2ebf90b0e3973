// Restart on the same data folder (SQLite): the signing key, the secret-hash key and the agents
// survive, and the private key is only stored encrypted.
using System.Text;
using Mandate.Jose;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests;

public sealed class PersistenceTests
{
    [Fact(DisplayName = "After a restart, old tokens still verify with the JWKS and old credentials still work")]
    public async Task Restart_KeepsKeysAndAgents()
    {
        var server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        try
        {
            var agent = await server.CreateAgentAsync(new { name = "bot", scopes = new[] { "read" }, default_scopes = new[] { "read" }, audiences = new[] { "https://api.example.com" } });
            var oldToken = await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!);
            var issuer = server.Issuer;

            server = await server.RestartAsync();
            Assert.Equal(issuer, server.Issuer);

            var jwks = await server.HttpClient.GetStringAsync("jwks");
            Assert.True(JsonWebKeySet.TryParse(jwks, out var set, out _));
            var result = JwtValidator.Validate(oldToken, VerificationKeySet.FromJwks(set!), new JwtValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudiences = ["https://api.example.com"],
                ValidTypes = ["at+jwt"],
            });
            Assert.True(result.IsValid, result.Error.ToString());

            // Secrets hashed before the restart still verify: the secret-hash key was persisted encrypted.
            var newToken = await server.GetTokenAsync(agent.ClientId, agent.ClientSecret!);
            Assert.Equal(Header(oldToken), Header(newToken));

            // The bootstrap admin is not created twice.
            Assert.NotEmpty(await server.GetAdminTokenAsync());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact(DisplayName = "The SQLite files never contain the private key's d value in clear")]
    public async Task DatabaseFile_HasNoClearPrivateKey()
    {
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        var ring = (Mandate.Server.Keys.SigningKeyRing)server.Services.GetService(typeof(Mandate.Server.Keys.SigningKeyRing))!;
        var d = ring.ActiveKey.ExportPrivateJwk().D!;
        Assert.True(Base64Url.TryDecode(d, out var rawD));

        // Force everything onto disk, then scan the database and its WAL.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(server.DataDirectory, "mandate.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(d)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(rawD));
        }

        // The public half is there, so the scan did look at the right data.
        var x = ring.ActiveKey.PublicJwk.X!;
        Assert.Contains(files, f => ReadSharedAsync(f).Result.AsSpan().IndexOf(Encoding.UTF8.GetBytes(x)) >= 0);
    }

    private static string Header(string jwt) => jwt.Split('.')[0];

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
