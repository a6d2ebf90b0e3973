// RFC 9068 §2: header typ at+jwt with alg and kid; claims exactly iss, sub, aud, exp, iat, jti,
// client_id, scope; jti unique with 128+ random bits; signature verifiable with the published JWKS.
using Mandate.Jose;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Server.Keys;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Tokens;

public sealed class JwtAccessTokenIssuerTests : IAsyncLifetime
{
    private ServerHarness _server = null!;
    private Agent _agent = null!;
    private string _basic = "";

    public async Task InitializeAsync()
    {
        _server = await ServerHarness.CreateAsync();
        (_agent, var secret) = await _server.CreateAgentAsync();
        _basic = ServerHarness.Basic(_agent.ClientId, secret!);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> TokenAsync() => (await _server.PostTokenAsync("grant_type=client_credentials", _basic)).AccessToken;

    [Fact(DisplayName = "RFC 9068 §2.1: header is exactly alg ES256, kid of the active key, typ at+jwt")]
    public async Task Header_IsRfc9068()
    {
        var header = JwtParts.Header(await TokenAsync());
        Assert.Equal(new HashSet<string> { "alg", "kid", "typ" }, JwtParts.Names(header));
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal(_server.Services.GetRequiredService<SigningKeyRing>().ActiveKey.KeyId, header.GetProperty("kid").GetString());
    }

    [Fact(DisplayName = "RFC 9068 §2.2: claims are exactly iss, sub, aud, exp, iat, jti, client_id, scope")]
    public async Task Claims_AreExactlyTheRfc9068Set()
    {
        var payload = JwtParts.Payload(await TokenAsync());
        Assert.Equal(new HashSet<string> { "iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope" }, JwtParts.Names(payload));
        Assert.Equal(ServerHarness.Issuer, payload.GetProperty("iss").GetString());
        Assert.Equal(_agent.Id, payload.GetProperty("sub").GetString());
        Assert.Equal(_agent.ClientId, payload.GetProperty("client_id").GetString());
        Assert.Equal(ServerHarness.Api, payload.GetProperty("aud").GetString());
        var now = _server.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(now, payload.GetProperty("iat").GetInt64());
        Assert.Equal(now + 300, payload.GetProperty("exp").GetInt64());
    }

    [Fact(DisplayName = "RFC 7519 §4.1.7: jti is unique and carries at least 128 random bits")]
    public async Task Jti_IsUniqueAndLong()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var jti = JwtParts.Payload(await TokenAsync()).GetProperty("jti").GetString()!;
            Assert.True(Base64Url.TryDecode(jti, out var bytes));
            Assert.True(bytes.Length >= 16);
            Assert.True(ids.Add(jti));
        }
    }

    [Fact(DisplayName = "RFC 9068 §4: the token validates against the published JWKS with typ at+jwt")]
    public async Task Token_VerifiesWithJwks()
    {
        var token = await TokenAsync();
        var jwks = _server.Services.GetRequiredService<SigningKeyRing>().Snapshot.JwksJson;
        Assert.True(JsonWebKeySet.TryParse(jwks, out var set, out _));
        var result = JwtValidator.Validate(token, VerificationKeySet.FromJwks(set!), new JwtValidationParameters
        {
            ValidIssuer = ServerHarness.Issuer,
            ValidAudiences = [ServerHarness.Api],
            ValidTypes = ["at+jwt"],
            TimeProvider = _server.Time,
        });
        Assert.True(result.IsValid, result.Error.ToString());
    }

    [Fact(DisplayName = "Tokens expire after their lifetime")]
    public async Task Token_ExpiresAfterLifetime()
    {
        var token = await TokenAsync();
        var keys = _server.Services.GetRequiredService<SigningKeyRing>().Snapshot.VerificationKeys;
        _server.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31));
        var result = JwtValidator.Validate(token, keys, new JwtValidationParameters { TimeProvider = _server.Time });
        Assert.Equal(JoseErrorCode.Expired, result.Error);
    }

    [Fact(DisplayName = "The hot path reads no store: tokens are issued while the agent store throws")]
    public async Task HotPath_DoesNotReadStore()
    {
        await using var server = await ServerHarness.CreateAsync(o => o.AgentCacheDuration = TimeSpan.FromMinutes(5), s => s.AddSingleton<IAgentStore, CountingAgentStore>());
        var store = (CountingAgentStore)server.Services.GetRequiredService<IAgentStore>();
        var (agent, secret) = await server.CreateAgentAsync();
        var basic = ServerHarness.Basic(agent.ClientId, secret!);
        store.Reads = 0;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await server.PostTokenAsync("grant_type=client_credentials", basic)).StatusCode);
        }

        Assert.Equal(0, store.Reads);
    }

    private sealed class CountingAgentStore : IAgentStore
    {
        private readonly Mandate.Storage.InMemory.InMemoryAgentStore _inner = new();

        public int Reads { get; set; }

        public ValueTask<Agent?> FindAsync(string id, CancellationToken cancellationToken)
        {
            Reads++;
            return _inner.FindAsync(id, cancellationToken);
        }

        public ValueTask<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);

        public ValueTask CreateAsync(Agent agent, CancellationToken cancellationToken) => _inner.CreateAsync(agent, cancellationToken);

        public ValueTask<bool> UpdateAsync(Agent agent, long expectedVersion, CancellationToken cancellationToken) => _inner.UpdateAsync(agent, expectedVersion, cancellationToken);

        public ValueTask TouchAsync(IReadOnlyDictionary<string, DateTimeOffset> lastUsed, CancellationToken cancellationToken) => _inner.TouchAsync(lastUsed, cancellationToken);
    }
}
