namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IAuditStore"/> contract: atomic ordered appends, filters, retention deletes.</summary>
public abstract class AuditStoreConformanceTests
{
    private IAuditStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected IAuditStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IAuditStore CreateStore();

    /// <summary>A token.issued record with every field set.</summary>
    public static AuditRecord FullRecord(string jti, DateTimeOffset timestamp) => new()
    {
        Timestamp = timestamp,
        Type = AuditEventTypes.TokenIssued,
        AgentId = "agt_A",
        ClientId = "agt_A",
        GrantType = "client_credentials",
        Reason = "ünïcode \"quoted\" ✓",
        TokenId = jti,
        KeyId = "kid-1",
        Scopes = "invoices:read invoices:write",
        Audience = "https://api.example.com/",
        LifetimeSeconds = 300,
        ClientAddress = "192.0.2.7",
        UserAgent = "agent/1.0",
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        SpanId = "00f067aa0ba902b7",
        Details = """{"act":["agt_B"]}""",
    };

    [Fact]
    public async Task AppendAsync_EveryFieldRoundTrips_WithIncreasingIds()
    {
        var first = FullRecord("j1", TestData.Start);
        var second = new AuditRecord { Timestamp = TestData.Start.AddSeconds(1), Type = AuditEventTypes.TokenDenied, Error = "invalid_client" };

        await Store.AppendAsync([first, second], default);

        var all = await Store.QueryAsync(new AuditQuery(), default);
        Assert.Equal(2, all.Count);
        Assert.True(all[0].Id > 0);
        Assert.True(all[1].Id > all[0].Id);
        Assert.Equal(first with { Id = all[0].Id }, all[0]);
        Assert.Equal(second with { Id = all[1].Id }, all[1]);
    }

    [Fact]
    public async Task AppendAsync_EmptyBatch_IsANoOp()
    {
        await Store.AppendAsync([], default);
        Assert.Empty(await Store.QueryAsync(new AuditQuery(), default));
    }

    [Fact]
    public async Task QueryAsync_AgentFilter_MatchesAgentIdOrClientId()
    {
        await Store.AppendAsync(
        [
            FullRecord("j1", TestData.Start),
            new AuditRecord { Timestamp = TestData.Start, Type = AuditEventTypes.TokenDenied, ClientId = "agt_A", Error = "invalid_client" },
            FullRecord("j3", TestData.Start) with { AgentId = "agt_Z", ClientId = "agt_Z" },
            // agt_A (an admin client) acting on agt_Z: on the record of both.
            new AuditRecord { Timestamp = TestData.Start, Type = AuditEventTypes.AdminAgentChanged, AgentId = "agt_Z", ClientId = "agt_A" },
            new AuditRecord { Timestamp = TestData.Start, Type = AuditEventTypes.TokenDenied, ClientId = "agt_Q", Error = "invalid_client" },
        ], default);

        var forA = await Store.QueryAsync(new AuditQuery { Agent = "agt_A" }, default);
        var forZ = await Store.QueryAsync(new AuditQuery { Agent = "agt_Z" }, default);

        Assert.Equal(["j1", null, null], forA.Select(r => r.TokenId));
        Assert.All(forA, r => Assert.Equal("agt_A", r.ClientId));
        Assert.Equal(["j3", null], forZ.Select(r => r.TokenId));
        Assert.All(forZ, r => Assert.Equal("agt_Z", r.AgentId));
        Assert.Equal(AuditEventTypes.AdminAgentChanged, forZ[1].Type);
    }

    [Fact]
    public async Task QueryAsync_Until_IsAnExclusiveUpperBound_AndCombinesWithSince()
    {
        await Store.AppendAsync(
        [
            FullRecord("two-hours", TestData.Start.AddHours(-2)),
            FullRecord("one-hour", TestData.Start.AddHours(-1)),
            FullRecord("now", TestData.Start),
        ], default);

        var beforeNow = await Store.QueryAsync(new AuditQuery { Until = TestData.Start }, default);
        var window = await Store.QueryAsync(new AuditQuery { Since = TestData.Start.AddHours(-2), Until = TestData.Start.AddHours(-1) }, default);
        var newestBefore = await Store.QueryAsync(new AuditQuery { Until = TestData.Start.AddSeconds(1), NewestFirst = true, Limit = 1 }, default);

        Assert.Equal(["two-hours", "one-hour"], beforeNow.Select(r => r.TokenId));
        Assert.Equal("two-hours", Assert.Single(window).TokenId);
        Assert.Equal("now", Assert.Single(newestBefore).TokenId);
    }

    [Fact]
    public async Task QueryAsync_SinceAndTypeFilters_Combine()
    {
        await Store.AppendAsync(
        [
            FullRecord("old", TestData.Start.AddHours(-2)),
            FullRecord("new", TestData.Start),
            new AuditRecord { Timestamp = TestData.Start, Type = AuditEventTypes.TokenDenied, Error = "invalid_scope" },
            new AuditRecord { Timestamp = TestData.Start, Type = AuditEventTypes.KeyChanged, KeyId = "kid-2" },
        ], default);

        var issued = await Store.QueryAsync(new AuditQuery { Since = TestData.Start.AddHours(-1), Type = AuditEventTypes.TokenIssued }, default);
        var tokenFamily = await Store.QueryAsync(new AuditQuery { Type = "token." }, default);
        var sinceExact = await Store.QueryAsync(new AuditQuery { Since = TestData.Start }, default);

        Assert.Equal("new", Assert.Single(issued).TokenId);
        Assert.Equal(3, tokenFamily.Count);
        Assert.Equal(3, sinceExact.Count);
    }

    [Fact]
    public async Task QueryAsync_LimitAndAfterId_PageOldestFirst()
    {
        var records = Enumerable.Range(0, 5).Select(i => FullRecord("j" + i, TestData.Start.AddSeconds(i))).ToArray();
        await Store.AppendAsync(records, default);

        var page1 = await Store.QueryAsync(new AuditQuery { Limit = 2 }, default);
        var page2 = await Store.QueryAsync(new AuditQuery { Limit = 2, AfterId = page1[^1].Id }, default);

        Assert.Equal(["j0", "j1"], page1.Select(r => r.TokenId));
        Assert.Equal(["j2", "j3"], page2.Select(r => r.TokenId));
    }

    [Fact]
    public async Task QueryAsync_NewestFirstAndBeforeId_PageNewestFirst()
    {
        var records = Enumerable.Range(0, 5).Select(i => FullRecord("n" + i, TestData.Start.AddSeconds(i))).ToArray();
        await Store.AppendAsync(records, default);

        var page1 = await Store.QueryAsync(new AuditQuery { Limit = 2, NewestFirst = true }, default);
        var page2 = await Store.QueryAsync(new AuditQuery { Limit = 2, NewestFirst = true, BeforeId = page1[^1].Id }, default);
        var page3 = await Store.QueryAsync(new AuditQuery { Limit = 2, NewestFirst = true, BeforeId = page2[^1].Id }, default);
        var recentOfType = await Store.QueryAsync(new AuditQuery { Limit = 1, NewestFirst = true, Since = TestData.Start.AddSeconds(1) }, default);

        Assert.Equal(["n4", "n3"], page1.Select(r => r.TokenId));
        Assert.Equal(["n2", "n1"], page2.Select(r => r.TokenId));
        Assert.Equal(["n0"], page3.Select(r => r.TokenId));
        Assert.Equal(["n4"], recentOfType.Select(r => r.TokenId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public async Task QueryAsync_LimitOutOfRange_Throws(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.QueryAsync(new AuditQuery { Limit = limit }, default));
    }

    [Fact]
    public async Task DeleteBeforeAsync_RemovesOnlyStrictlyOlderRecords()
    {
        await Store.AppendAsync(
        [
            FullRecord("a", TestData.Start.AddDays(-31)),
            FullRecord("b", TestData.Start.AddDays(-30)),
            FullRecord("c", TestData.Start),
        ], default);

        var deleted = await Store.DeleteBeforeAsync(TestData.Start.AddDays(-30), default);

        Assert.Equal(1, deleted);
        Assert.Equal(["b", "c"], (await Store.QueryAsync(new AuditQuery(), default)).Select(r => r.TokenId));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentBatches_AllStoredWithUniqueIds()
    {
        await TestData.RunInParallelAsync(8, async i =>
        {
            await Store.AppendAsync([FullRecord("p" + i + "a", TestData.Start), FullRecord("p" + i + "b", TestData.Start)], default);
            return true;
        });

        var all = await Store.QueryAsync(new AuditQuery(), default);
        Assert.Equal(16, all.Count);
        Assert.Equal(16, all.Select(r => r.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(41)] // providers may write several rows per statement: 41 = 32 + 8 + 1
    [InlineData(100)]
    public async Task AppendAsync_BatchOfAnySize_KeepsEveryRecordInOrder(int count)
    {
        var batch = Enumerable.Range(0, count)
            .Select(i => i % 3 == 0
                ? FullRecord("j" + i, TestData.Start.AddTicks(i))
                : new AuditRecord { Timestamp = TestData.Start.AddTicks(i), Type = AuditEventTypes.TokenDenied, Error = "invalid_scope", Reason = "r" + i })
            .ToArray();

        await Store.AppendAsync(batch, default);
        await Store.AppendAsync([FullRecord("after", TestData.Start.AddDays(1))], default);

        var all = await Store.QueryAsync(new AuditQuery { Limit = 1000 }, default);
        Assert.Equal(count + 1, all.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(batch[i] with { Id = all[i].Id }, all[i]);
        }

        Assert.Equal("after", all[count].TokenId);
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Id < pair.Second.Id));
    }
}
