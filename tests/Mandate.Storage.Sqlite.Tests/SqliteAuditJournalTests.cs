using Mandate.Storage.Conformance;

namespace Mandate.Storage.Sqlite.Tests;

/// <summary>
/// Issue 7 §2: an append returns once its records are synced to the journal; they reach audit_records
/// later. These tests stop "the process" between the two steps (records only in the journal, the way a
/// kill -9 leaves them) and check that opening the store again copies every one of them, exactly once.
/// </summary>
public sealed class SqliteAuditJournalTests : IDisposable
{
    private const int SmallSegment = 4 * 1024;
    private readonly SqliteTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static AuditRecord Record(int i) => AuditStoreConformanceTests.FullRecord("j" + i, TestData.Start.AddSeconds(i));

    private static AuditRecord[] Records(int from, int count) => [.. Enumerable.Range(from, count).Select(Record)];

    private string JournalDirectory => _directory.DatabasePath + ".audit-journal";

    // Appends straight to the journal, as a server does before it is killed: nothing is copied to the table.
    private void AppendToJournalOnly(AuditRecord[] records, int segmentSize = SqliteAuditJournal.DefaultSegmentSize)
    {
        var journalId = Guid.ParseExact((string)_directory.Scalar("SELECT journal_id FROM audit_journal;")!, "N");
        var imported = (long)_directory.Scalar("SELECT imported_seq FROM audit_journal;")!;
        using var journal = SqliteAuditJournal.Open(JournalDirectory, journalId, imported, segmentSize, out var recovered);
        Assert.Empty(recovered);
        Assert.Equal(records.Length, journal.Append(records, 0, imported));
    }

    private async Task<IReadOnlyList<string?>> TokenIdsAsync(SqliteAuditStore store) =>
        [.. (await store.QueryAsync(new AuditQuery { Limit = 100_000 }, default)).Select(r => r.TokenId)];

    private long TableCount() => (long)_directory.Scalar("SELECT count(*) FROM audit_records;")!;

    [Fact]
    public async Task Open_AfterACrash_CopiesWhatOnlyTheJournalHeld()
    {
        _directory.Open();
        AppendToJournalOnly(Records(0, 3));
        Assert.Equal(0, TableCount());

        using var store = new SqliteAuditStore(_directory.Open());

        Assert.Equal(3, TableCount());
        Assert.Equal(["j0", "j1", "j2"], await TokenIdsAsync(store));
        Assert.Equal(Record(1), (await store.QueryAsync(new AuditQuery(), default))[1] with { Id = 0 });
    }

    [Fact]
    public async Task Open_Twice_CopiesEachRecordOnce()
    {
        _directory.Open();
        AppendToJournalOnly(Records(0, 5));
        new SqliteAuditStore(_directory.Open()).Dispose();

        using var store = new SqliteAuditStore(_directory.Open());

        Assert.Equal(5, TableCount());
        Assert.Equal(5L, _directory.Scalar("SELECT imported_seq FROM audit_journal;"));
        Assert.Equal(["j0", "j1", "j2", "j3", "j4"], await TokenIdsAsync(store));
    }

    [Fact]
    public async Task Open_TornLastFrame_CopiesEveryWholeFrameBeforeIt()
    {
        _directory.Open();
        AppendToJournalOnly(Records(0, 3));

        // A crash in the middle of the last write: its frame's tail never reached the disk.
        var segment = Path.Combine(JournalDirectory, "segment-0");
        var bytes = File.ReadAllBytes(segment);
        var end = SqliteAuditJournal.SegmentHeaderSize + (3 * AuditJournalFrame.Measure(Record(0)));
        bytes.AsSpan(end - 10, 10).Clear();
        File.WriteAllBytes(segment, bytes);

        using var store = new SqliteAuditStore(_directory.Open());

        Assert.Equal(["j0", "j1"], await TokenIdsAsync(store));
    }

    [Fact]
    public async Task Append_ThenQuery_SeesTheRecordsBeforeTheirBackgroundCopy()
    {
        using var store = new SqliteAuditStore(_directory.Open());
        Assert.True(store.IsJournaled);

        await store.AppendAsync(Records(0, 2), default);

        Assert.Equal(["j0", "j1"], await TokenIdsAsync(store));
    }

    [Fact]
    public async Task Append_MoreThanTheRingHolds_CopiesToMakeRoomAndLosesNothing()
    {
        // Four 4 KiB segments hold about 60 of these records; 1,000 go round the ring many times, in
        // batches large enough that some must wait for the segments ahead to be copied.
        var store = new SqliteAuditStore(_directory.Open(), SmallSegment);
        for (var i = 0; i < 1000; i += 100)
        {
            await store.AppendAsync(Records(i, 100), default);
        }

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => "j" + i), await TokenIdsAsync(store));
        store.Dispose();
        Assert.Equal(1000L, _directory.Scalar("SELECT imported_seq FROM audit_journal;"));
    }

    [Fact]
    public async Task Open_AfterTheRingWrapped_RecoversOnlyTheUncopiedTail()
    {
        // Records 0..199 went round a small ring and were copied; 200..219 are only in the journal. The
        // segments still hold stale frames of the first rounds, which must not come back.
        var database = _directory.Open();
        var store = new SqliteAuditStore(database, SmallSegment);
        await store.AppendAsync(Records(0, 200), default);
        store.Dispose();
        var journalId = Guid.ParseExact((string)_directory.Scalar("SELECT journal_id FROM audit_journal;")!, "N");
        using (var journal = SqliteAuditJournal.Open(JournalDirectory, journalId, 200, SmallSegment, out var recovered))
        {
            Assert.Empty(recovered);
            Assert.Equal(20, journal.Append(Records(200, 20), 0, 200));
        }

        using var reopened = new SqliteAuditStore(_directory.Open(), SmallSegment);

        Assert.Equal(Enumerable.Range(0, 220).Select(i => "j" + i), await TokenIdsAsync(reopened));
    }

    [Fact]
    public async Task Open_JournalOfAnotherDatabase_IsIgnored()
    {
        using (var other = new SqliteTestDirectory())
        {
            var otherStore = new SqliteAuditStore(other.Open());
            await otherStore.AppendAsync(Records(0, 3), default);
            otherStore.Dispose();
            _directory.Open();
            Directory.CreateDirectory(JournalDirectory);
            File.Copy(Path.Combine(other.DatabasePath + ".audit-journal", "segment-0"), Path.Combine(JournalDirectory, "segment-0"));
        }

        using var store = new SqliteAuditStore(_directory.Open());

        Assert.Empty(await TokenIdsAsync(store));
        await store.AppendAsync(Records(10, 1), default);
        Assert.Equal(["j10"], await TokenIdsAsync(store));
    }

    [Fact]
    public async Task SecondStore_OnTheSameDatabase_CommitsStraightToSqlite()
    {
        using var first = new SqliteAuditStore(_directory.Open());
        using var second = new SqliteAuditStore(_directory.Open());

        Assert.True(first.IsJournaled);
        Assert.False(second.IsJournaled);
        await second.AppendAsync(Records(0, 1), default);
        Assert.Equal(1, TableCount());
        await first.AppendAsync(Records(1, 1), default);
        Assert.Equal(["j0", "j1"], await TokenIdsAsync(first));
    }

    [Fact]
    public async Task Append_RecordWithoutType_IsRefusedBeforeItReachesTheJournal()
    {
        using var store = new SqliteAuditStore(_directory.Open());
        var batch = new[] { Record(0), Record(1) with { Type = null! } };

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AppendAsync(batch, default));
        await store.AppendAsync(Records(2, 1), default);

        Assert.Equal(["j2"], await TokenIdsAsync(store));
    }

    [Fact]
    public async Task Journal_FilesAreTheOwnersOnly()
    {
        using var store = new SqliteAuditStore(_directory.Open());
        await store.AppendAsync(Records(0, 1), default);

        var segment = Path.Combine(JournalDirectory, "segment-0");
        Assert.Equal(SqliteAuditJournal.DefaultSegmentSize, new FileInfo(segment).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(JournalDirectory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(segment));
        }
    }

    [Fact]
    public void Migration_CreatesTheMarkerWithAFreshJournalId()
    {
        _directory.Open();
        using var other = new SqliteTestDirectory();
        other.Open();

        Assert.Equal(0L, _directory.Scalar("SELECT imported_seq FROM audit_journal;"));
        Assert.Matches("^[0-9a-f]{32}$", (string)_directory.Scalar("SELECT journal_id FROM audit_journal;")!);
        Assert.NotEqual(_directory.Scalar("SELECT journal_id FROM audit_journal;"), other.Scalar("SELECT journal_id FROM audit_journal;"));
    }
}
