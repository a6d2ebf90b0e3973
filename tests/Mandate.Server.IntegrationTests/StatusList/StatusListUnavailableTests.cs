// The resource server's policy when no status list can be had (the issuer answers 503 for the list): tokens issued
// within StatusListGracePeriod pass, older ones are refused (fail closed).
using System.Net;
using Mandate.Server.IntegrationTests.Revocation;
using Mandate.Server.StatusList;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mandate.Server.IntegrationTests.StatusList;

public sealed class StatusListUnavailableTests
{
    [Theory(DisplayName = "List unavailable: a token younger than the grace period passes; past it (grace 0) it is refused")]
    [InlineData(600, HttpStatusCode.OK)]
    [InlineData(0, HttpStatusCode.Unauthorized)]
    public async Task ListUnavailable_GracePolicy(int graceSeconds, HttpStatusCode expected)
    {
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services =>
            {
                services.AddMandateStatusList(o => o.ListSize = 4096);
                services.RemoveAll<IStatusListStore>();
                services.AddSingleton<IStatusListStore, UnreadableStore>();
            },
        });
        await using var api = await FeedApiHost.StartAsync(server.Issuer, configure: o =>
        {
            o.UseRevocationFeed = false;
            o.UseStatusList = true;
            o.StatusListGracePeriod = TimeSpan.FromSeconds(graceSeconds);
        });
        var agent = await RevocationClient.CreateAgentAsync(server);
        var token = await RevocationClient.TokenAsync(server, agent);
        await Task.Delay(1100); // iat has whole seconds: make the token at least one second old

        Assert.Equal(expected, await api.CallAsync(token));
        using var list = await server.HttpClient.GetAsync(StatusListReader.Reference(token).Uri);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Equal("1", list.Headers.RetryAfter?.ToString());
    }

    /// <summary>Allocates and revokes like the in-memory store but cannot read a list back (a store outage at read time).</summary>
    private sealed class UnreadableStore : IStatusListStore
    {
        private readonly InMemoryStatusListStore _inner = new();

        public ValueTask<bool> TryAllocateAsync(StatusListEntry entry, DateTimeOffset reusableBefore, CancellationToken cancellationToken) => _inner.TryAllocateAsync(entry, reusableBefore, cancellationToken);

        public ValueTask<bool> TryLeaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, DateTimeOffset now, CancellationToken cancellationToken) => _inner.TryLeaseBlockAsync(listId, block, reusableAt, now, cancellationToken);

        public ValueTask ReleaseBlockAsync(int listId, int block, DateTimeOffset reusableAt, CancellationToken cancellationToken) => _inner.ReleaseBlockAsync(listId, block, reusableAt, cancellationToken);

        public ValueTask<int> RevokeTokenAsync(string tokenId, CancellationToken cancellationToken) => _inner.RevokeTokenAsync(tokenId, cancellationToken);

        public ValueTask<int> RevokeAgentAsync(string agentId, DateTimeOffset issuedAtOrBefore, DateTimeOffset now, CancellationToken cancellationToken) => _inner.RevokeAgentAsync(agentId, issuedAtOrBefore, now, cancellationToken);

        public ValueTask<int> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken) => _inner.RevokeKeyAsync(keyId, now, cancellationToken);

        public ValueTask<IReadOnlyList<int>> ListRevokedAsync(int listId, CancellationToken cancellationToken) => throw new IOException("store unreachable");
    }
}
