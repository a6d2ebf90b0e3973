// One sweep purges expired revocation events, expired delegation links and refresh-token families past their
// absolute lifetime, and keeps everything that still matters (docs/revocation.md, Purge).
using Mandate.Server.Revocation;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.Tests.Revocation;

public sealed class RevocationPurgeServiceTests
{
    [Fact]
    public async Task PurgeAsync_DeletesOnlyWhatHasExpired()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var now = time.GetUtcNow();
        var events = new InMemoryRevocationStore();
        var links = new InMemoryDelegationLinkStore();
        var refresh = new InMemoryRefreshTokenStore();
        await events.AppendAsync(new RevocationEvent { Kind = RevocationKind.Token, Subject = "old", At = now, ExpiresAt = now.AddMinutes(1) }, default);
        await events.AppendAsync(new RevocationEvent { Kind = RevocationKind.Token, Subject = "new", At = now, ExpiresAt = now.AddMinutes(10) }, default);
        await links.AddAsync(new DelegationLink { ParentJti = "p", ChildJti = "old-child", ExpiresAt = now.AddMinutes(1) }, default);
        await links.AddAsync(new DelegationLink { ParentJti = "p", ChildJti = "new-child", ExpiresAt = now.AddMinutes(10) }, default);
        await refresh.CreateAsync(Family("old-family", now, now.AddMinutes(1)), default);
        await refresh.CreateAsync(Family("new-family", now, now.AddMinutes(10)), default);
        var service = new RevocationPurgeService(events, links, refresh, time, NullLogger<RevocationPurgeService>.Instance);
        time.Advance(TimeSpan.FromMinutes(2));

        var (purgedEvents, purgedOther) = await service.PurgeAsync(default);

        Assert.Equal(1, purgedEvents);
        Assert.Equal(2, purgedOther);
        Assert.Equal(["new"], (await events.ListAfterAsync(0, 10, default)).Select(e => e.Subject));
        Assert.Equal(["new-child"], (await links.ListChildrenAsync("p", now, default)).Select(l => l.ChildJti));
        Assert.Null(await refresh.FindAsync("old-family", default));
        Assert.NotNull(await refresh.FindAsync("new-family", default));
    }

    private static RefreshTokenRecord Family(string hash, DateTimeOffset now, DateTimeOffset familyExpiresAt) => new()
    {
        TokenHash = hash,
        FamilyId = hash,
        ClientId = "agt_c",
        Subject = "agt_s",
        Audience = "https://api.example.com",
        IssuedAt = now,
        ExpiresAt = familyExpiresAt,
        FamilyExpiresAt = familyExpiresAt,
    };
}
