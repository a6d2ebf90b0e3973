// Several servers on one store: RevocationList follows the log with a cursor — one head read when nothing changed,
// and only the events after the cursor when another server appended some.
using Mandate.Server.Revocation;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.Tests.Revocation;

public sealed class RevocationListCatchUpTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CountingStore _store = new();

    [Fact]
    public async Task CatchUpAsync_HeadUnchanged_ReadsOnlyTheHead()
    {
        var list = new RevocationList(_store, _clock);
        await _store.AppendAsync(Token("jti-1"), default);
        await list.InitializeAsync(default);
        _store.Lists = 0;

        Assert.Empty(await list.CatchUpAsync(default));

        Assert.Equal(0, _store.Lists);
        Assert.Equal(1, list.Cursor);
    }

    [Fact]
    public async Task CatchUpAsync_EventsAppendedElsewhere_AppliesOnlyThoseAfterTheCursor()
    {
        var list = new RevocationList(_store, _clock);
        await _store.AppendAsync(Token("jti-1"), default);
        await list.InitializeAsync(default);

        await _store.AppendAsync(Token("jti-2"), default); // another server
        await _store.AppendAsync(new RevocationEvent { Kind = RevocationKind.AgentNotBefore, Subject = "agt_b", At = _clock.GetUtcNow(), ExpiresAt = _clock.GetUtcNow().AddHours(1) }, default);
        var read = await list.CatchUpAsync(default);

        Assert.Equal([2L, 3L], read.Select(e => e.Sequence));
        Assert.Equal([1L], _store.AfterArguments.Skip(1).Distinct());
        Assert.True(list.IsRevoked("jti-2", null, null, null, null));
        Assert.True(list.IsRevoked(null, "agt_b", null, _clock.GetUtcNow().AddSeconds(-1), null));
        Assert.Equal(3, list.Cursor);
    }

    [Fact]
    public async Task CatchUpAsync_TrailingEventsPurged_CursorMovesToTheHead()
    {
        var list = new RevocationList(_store, _clock);
        await list.InitializeAsync(default);
        await _store.AppendAsync(Token("jti-old") with { ExpiresAt = _clock.GetUtcNow() }, default);
        await _store.PurgeExpiredAsync(_clock.GetUtcNow(), default);

        Assert.Empty(await list.CatchUpAsync(default));
        _store.Lists = 0;
        Assert.Empty(await list.CatchUpAsync(default));

        Assert.Equal(1, list.Cursor);
        Assert.Equal(0, _store.Lists);
    }

    private RevocationEvent Token(string jti) =>
        new() { Kind = RevocationKind.Token, Subject = jti, At = _clock.GetUtcNow(), ExpiresAt = _clock.GetUtcNow().AddMinutes(5) };

    private sealed class CountingStore : IRevocationStore
    {
        private readonly InMemoryRevocationStore _inner = new();

        public int Lists { get; set; }

        public List<long> AfterArguments { get; } = [];

        public ValueTask<RevocationEvent> AppendAsync(RevocationEvent revocation, CancellationToken cancellationToken) => _inner.AppendAsync(revocation, cancellationToken);

        public ValueTask<IReadOnlyList<RevocationEvent>> ListAfterAsync(long afterSequence, int maxCount, CancellationToken cancellationToken)
        {
            Lists++;
            AfterArguments.Add(afterSequence);
            return _inner.ListAfterAsync(afterSequence, maxCount, cancellationToken);
        }

        public ValueTask<long> GetHeadAsync(CancellationToken cancellationToken) => _inner.GetHeadAsync(cancellationToken);

        public ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => _inner.PurgeExpiredAsync(now, cancellationToken);
    }
}
