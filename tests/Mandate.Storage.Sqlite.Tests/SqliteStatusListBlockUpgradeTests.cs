namespace Mandate.Storage.Sqlite.Tests;

/// <summary>Status-list holder rows written before blocks were leased keep working after the upgrade: revoking finds
/// them, and a leased block never hands their index to another token while they live.</summary>
public sealed class SqliteStatusListBlockUpgradeTests : IDisposable
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDirectory _directory = new();

    [Fact]
    public async Task UpgradeFromV18_OldHolderRows_RevocableByAgent_AndTheirIndexStaysTaken()
    {
        // A file as Mandate at v18 left it: one token holding index 1,030 of list 1 (block 1 of 1,024-index blocks).
        _directory.CreateAtVersion(18);
        _directory.Scalar(
            "INSERT INTO status_list_entries (list_id, idx, jti, subject, client_id, kid, issued_at, expires_at, revoked) VALUES " +
            $"(1, 1030, 'old-jti', 'agt_old', 'agt_old', 'k1', '{SqliteValues.ToText(IssuedAt)}', '{SqliteValues.ToText(IssuedAt.AddMinutes(5))}', 0); SELECT 1;");

        using var store = new SqliteStatusListStore(_directory.Open());
        var now = IssuedAt.AddMinutes(1);
        Assert.True(await store.TryLeaseBlockAsync(1, 1, now.AddHours(1), now, default));
        var newcomer = new StatusListEntry
        {
            ListId = 1,
            Index = 1030,
            TokenId = "new-jti",
            Subject = "agt_new",
            ClientId = "agt_new",
            KeyId = "k1",
            IssuedAt = now,
            ExpiresAt = now.AddMinutes(5),
        };
        Assert.False(await store.TryAllocateAsync(newcomer, now.AddSeconds(-30), default));

        Assert.Equal(1, await store.RevokeAgentAsync("agt_old", now, now, default));
        Assert.Equal(new[] { 1030 }, await store.ListRevokedAsync(1, default));
        Assert.Equal((long)SqliteDatabase.SchemaVersion, _directory.Scalar("PRAGMA user_version;"));
    }

    public void Dispose() => _directory.Dispose();
}
