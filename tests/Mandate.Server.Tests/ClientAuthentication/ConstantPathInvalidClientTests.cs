// RFC 6749 §10.1 / RFC 9700 §4.15: invalid_client must not reveal whether a client id exists. These tests count the
// work done on each path (store reads, signature verifications) instead of timing it; the timing itself is measured
// by bench/Mandate.Benchmarks (docs/benchmarks.md, "invalid_client timing").
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.Tests.Agents;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.ClientAuthentication;

public sealed class ConstantPathInvalidClientTests : IAsyncLifetime
{
    private const int Requests = 5; // below the failed-authentication limits (20 per client id per minute)
    private readonly CountingAgentStore _store = new();
    private readonly SigningKey _key = SigningKey.Generate(SignatureAlgorithm.ES256);
    private ServerHarness _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerHarness.CreateAsync(services: s => s.AddSingleton<IAgentStore>(_store));

    public async Task DisposeAsync()
    {
        _key.Dispose();
        await _server.DisposeAsync();
    }

    private DecoySignatureCheck Decoy => _server.Services.GetRequiredService<DecoySignatureCheck>();

    [Fact(DisplayName = "RFC 6749 §10.1: a repeated unknown client id reads the store no more often than a known id with a wrong secret")]
    public async Task UnknownClientId_NoMoreStoreReadsThanWrongSecret()
    {
        var (agent, secret) = await _server.CreateAgentAsync();
        var unknown = "agt_" + new string('x', agent.ClientId.Length - 4);

        async Task<int> ReadsAsync(string clientId)
        {
            var before = _store.Reads;
            for (var i = 0; i < Requests; i++)
            {
                var result = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(clientId, secret + "x"));
                Assert.Equal("invalid_client", result.Error);
            }

            return _store.Reads - before;
        }

        await ReadsAsync(unknown); // the first request of each id may read the store
        Assert.Equal(await ReadsAsync(agent.ClientId), await ReadsAsync(unknown));
        Assert.Equal(0, await ReadsAsync(unknown));
    }

    [Fact(DisplayName = "RFC 7523 §3: an assertion for an unknown client costs one signature verification, like a bad signature")]
    public async Task UnknownClientAssertion_VerifiedAgainstADecoy()
    {
        var assertion = ClientAssertions.Create(_key, "agt_unknown", ServerHarness.Issuer, _server.Time.GetUtcNow(), TimeSpan.FromMinutes(1));
        var before = Decoy.Verifications;

        var result = await PostAssertionAsync(assertion);

        Assert.Equal("invalid_client", result.Error);
        Assert.Equal(before + 1, Decoy.Verifications);
    }

    [Fact(DisplayName = "RFC 7523 §3: a known client's assertion with a kid it has no key for also costs one signature verification")]
    public async Task KnownClientUnknownKid_VerifiedAgainstADecoy()
    {
        using var registered = SigningKey.Generate(SignatureAlgorithm.ES256);
        var (agent, _) = await _server.CreateAgentAsync(ServerHarness.DefaultRegistration() with { Jwks = ClientAssertions.Jwks(registered) });
        var before = Decoy.Verifications;

        var result = await PostAssertionAsync(ClientAssertions.Create(_key, agent.ClientId, ServerHarness.Issuer, _server.Time.GetUtcNow(), TimeSpan.FromMinutes(1)));

        Assert.Equal("invalid_client", result.Error);
        Assert.Equal(before + 1, Decoy.Verifications);
    }

    [Fact(DisplayName = "RFC 7523 §3: a known client's bad signature is verified with its own key, not the decoy, and answers the same")]
    public async Task KnownClientBadSignature_VerifiedWithItsKey_SameAnswerAsUnknown()
    {
        var (agent, _) = await _server.CreateAgentAsync(ServerHarness.DefaultRegistration() with { Jwks = ClientAssertions.Jwks(_key) });
        var valid = ClientAssertions.Create(_key, agent.ClientId, ServerHarness.Issuer, _server.Time.GetUtcNow(), TimeSpan.FromMinutes(1));
        var tampered = valid[..^4] + (valid[^4] == 'A' ? "BBBB" : "AAAA");
        var before = Decoy.Verifications;

        var bad = await PostAssertionAsync(tampered);
        var unknown = await PostAssertionAsync(ClientAssertions.Create(_key, "agt_unknown", ServerHarness.Issuer, _server.Time.GetUtcNow(), TimeSpan.FromMinutes(1)));

        Assert.Equal(before + 1, Decoy.Verifications); // only the unknown client's assertion used the decoy
        Assert.Equal(bad.StatusCode, unknown.StatusCode);
        Assert.Equal(bad.Body, unknown.Body);
    }

    private Task<HttpResult> PostAssertionAsync(string assertion) =>
        _server.PostTokenAsync(ServerHarness.Form(("grant_type", "client_credentials"), ("client_assertion_type", ClientAssertions.Type), ("client_assertion", assertion)));
}
