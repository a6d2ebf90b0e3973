// Agent registration and lifecycle as the admin API drives them.
using System.Text;
using System.Text.RegularExpressions;
using Mandate.Server.Agents;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Agents;

public sealed class AgentServiceTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "Agent ids are agt_ + 26 lowercase base32 characters and equal the client_id")]
    public async Task Id_HasFormat()
    {
        var (agent, _) = await _server.CreateAgentAsync();
        Assert.Matches(new Regex("^agt_[a-z2-7]{26}$"), agent.Id);
        Assert.Equal(agent.Id, agent.ClientId);
    }

    [Fact(DisplayName = "Client secrets are mnd_ + base64url of 32 bytes")]
    public async Task Secret_HasFormat()
    {
        var (_, secret) = await _server.CreateAgentAsync();
        Assert.Matches(new Regex("^mnd_[A-Za-z0-9_-]{43}$"), secret!);
    }

    [Fact(DisplayName = "The store never holds the secret, only its 32-byte keyed hash")]
    public async Task Secret_IsStoredOnlyHashed()
    {
        var (agent, secret) = await _server.CreateAgentAsync();
        var rotated = (await _server.Agents.RotateSecretAsync(agent.Id, CancellationToken.None)).ClientSecret!;
        var stored = (await _server.Services.GetRequiredService<IAgentStore>().FindAsync(agent.Id, CancellationToken.None))!;
        Assert.Equal(32, stored.SecretHash!.Length);

        var everything = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(stored)).Concat(stored.SecretHash).ToArray();
        foreach (var candidate in new[] { secret!, rotated })
        {
            Assert.Equal(-1, everything.AsSpan().IndexOf(Encoding.UTF8.GetBytes(candidate)));
            Assert.Equal(-1, everything.AsSpan().IndexOf(Encoding.UTF8.GetBytes(candidate["mnd_".Length..])));
            Assert.NotEqual(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), stored.SecretHash);
        }
    }

    [Fact(DisplayName = "The secret-hash key is stored encrypted under the KEK")]
    public async Task SecretHashKey_IsStoredEncrypted()
    {
        var stored = await _server.Services.GetRequiredService<IServerSecretStore>().GetAsync("secret-hash-key", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(12 + 32 + 16, stored!.Length);
    }

    [Fact(DisplayName = "An agent with jwks gets no client secret")]
    public async Task JwksAgent_HasNoSecret()
    {
        using var key = Mandate.Jose.Jws.SigningKey.Generate(Mandate.Jose.Algorithms.SignatureAlgorithm.ES256);
        var (agent, secret) = await _server.CreateAgentAsync(ServerHarness.DefaultRegistration() with { Jwks = Mandate.Testing.ClientAssertions.Jwks(key) });
        Assert.Null(secret);
        Assert.Null(agent.SecretHash);
    }

    private static readonly Dictionary<string, AgentRegistration> Invalid = new()
    {
        { "no name", ServerHarness.DefaultRegistration() with { Name = null } },
        { "control character in name", ServerHarness.DefaultRegistration() with { Name = "a\nb" } },
        { "empty owner", ServerHarness.DefaultRegistration() with { Owner = "" } },
        { "no scopes", ServerHarness.DefaultRegistration() with { Scopes = [], DefaultScopes = [] } },
        { "scope with space", ServerHarness.DefaultRegistration() with { Scopes = ["a b"], DefaultScopes = [] } },
        { "scope with quote", ServerHarness.DefaultRegistration() with { Scopes = ["a\"b"], DefaultScopes = [] } },
        { "default not allowed", ServerHarness.DefaultRegistration() with { DefaultScopes = ["admin"] } },
        { "no audiences", ServerHarness.DefaultRegistration() with { Audiences = [] } },
        { "relative audience", ServerHarness.DefaultRegistration() with { Audiences = ["/api"] } },
        { "audience with fragment", ServerHarness.DefaultRegistration() with { Audiences = ["https://api.example.com#x"] } },
        { "lifetime too short", ServerHarness.DefaultRegistration() with { TokenLifetimeSeconds = 4 } },
        { "lifetime over max", ServerHarness.DefaultRegistration() with { TokenLifetimeSeconds = 3601 } },
        { "unsupported grant", ServerHarness.DefaultRegistration() with { GrantTypes = ["password"] } },
        { "private key in jwks", ServerHarness.DefaultRegistration() with { Jwks = "{\"keys\":[" + PrivateJwk() + "]}" } },
        { "jwks not a set", ServerHarness.DefaultRegistration() with { Jwks = "{\"kty\":\"EC\"}" } },
    };

    public static TheoryData<string> InvalidRegistrations() => new(Invalid.Keys);

    [Theory(DisplayName = "Invalid agent policies are refused with invalid_request")]
    [MemberData(nameof(InvalidRegistrations))]
    public async Task InvalidRegistration_IsRefused(string reason)
    {
        var outcome = await _server.Agents.CreateAsync(Invalid[reason], CancellationToken.None);
        Assert.True(outcome.Error is { StatusCode: 400, Error: "invalid_request" }, reason);
    }

    [Fact(DisplayName = "A 10-second token lifetime (the shortest renewal scenario) is accepted and kept")]
    public async Task ShortLifetime_IsAccepted()
    {
        var outcome = await _server.Agents.CreateAsync(ServerHarness.DefaultRegistration() with { TokenLifetimeSeconds = 10 }, CancellationToken.None);
        Assert.Null(outcome.Error);
        Assert.Equal(TimeSpan.FromSeconds(10), outcome.Agent!.TokenLifetime);
    }

    [Fact(DisplayName = "expires_at in the past is refused")]
    public async Task PastExpiry_IsRefused()
    {
        var outcome = await _server.Agents.CreateAsync(ServerHarness.DefaultRegistration() with { ExpiresAt = _server.Time.GetUtcNow() }, CancellationToken.None);
        Assert.Equal(400, outcome.Error!.StatusCode);
    }

    [Fact(DisplayName = "A decommissioned agent cannot be resumed (409) and loses its credentials")]
    public async Task Decommissioned_CannotResume()
    {
        var (agent, _) = await _server.CreateAgentAsync();
        var decommissioned = await _server.Agents.DecommissionAsync(agent.Id, CancellationToken.None);
        Assert.Equal(AgentStatus.Decommissioned, decommissioned.Agent!.Status);
        Assert.Null(decommissioned.Agent.SecretHash);

        var resumed = await _server.Agents.ResumeAsync(agent.Id, CancellationToken.None);
        Assert.Equal(409, resumed.Error!.StatusCode);
        Assert.Equal(409, (await _server.Agents.RotateSecretAsync(agent.Id, CancellationToken.None)).Error!.StatusCode);
    }

    [Fact(DisplayName = "Unknown agent ids are 404 not_found")]
    public async Task UnknownId_IsNotFound()
    {
        Assert.Equal(404, (await _server.Agents.SuspendAsync("agt_missing", CancellationToken.None)).Error!.StatusCode);
        Assert.Equal("not_found", (await _server.Agents.GetAsync("agt_missing", CancellationToken.None)).Error!.Error);
    }

    [Fact(DisplayName = "Last-used times are batched in memory and flushed to the store")]
    public async Task LastUsed_IsFlushedInBatches()
    {
        var (agent, secret) = await _server.CreateAgentAsync();
        Assert.Equal(200, (await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(agent.ClientId, secret!))).StatusCode);
        var usedAt = _server.Time.GetUtcNow();
        var store = _server.Services.GetRequiredService<IAgentStore>();
        Assert.Null((await store.FindAsync(agent.Id, CancellationToken.None))!.LastUsedAt);

        await _server.Services.GetRequiredService<LastUsedFlushService>().FlushAsync(CancellationToken.None);
        Assert.Equal(usedAt, (await store.FindAsync(agent.Id, CancellationToken.None))!.LastUsedAt);
    }

    [Fact(DisplayName = "The bootstrap admin exists with mandate:admin for {issuer}/admin and its credentials file is 0600")]
    public async Task BootstrapAdmin_IsCreated()
    {
        var agents = await _server.Agents.ListAsync(CancellationToken.None);
        var admin = Assert.Single(agents);
        Assert.Equal("mandate-admin", admin.Name);
        Assert.Equal(["mandate:admin"], admin.AllowedScopes);
        Assert.Equal([ServerHarness.Issuer + "/admin"], admin.AllowedAudiences);

        var path = Path.Combine(_server.DataDirectory, "admin-credentials.json");
        var credentials = Mandate.Testing.AdminCredentialsFile.Read(_server.DataDirectory);
        Assert.Equal(admin.ClientId, credentials.ClientId);
        Assert.Equal(ServerHarness.Issuer, credentials.Issuer);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var token = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(credentials.ClientId, credentials.ClientSecret));
        Assert.Equal(ServerHarness.Issuer + "/admin", JwtParts.Payload(token.AccessToken).GetProperty("aud").GetString());
    }

    private static string PrivateJwk()
    {
        using var key = Mandate.Jose.Jws.SigningKey.Generate(Mandate.Jose.Algorithms.SignatureAlgorithm.ES256);
        return key.ExportPrivateJwk().ToJson();
    }
}
