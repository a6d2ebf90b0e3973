namespace Mandate.Storage.Conformance;

/// <summary>The <see cref="IAuthorizationDetailTypeStore"/> contract: per-agent RFC 9396 types, replaced as a whole.</summary>
public abstract class AuthorizationDetailTypeStoreConformanceTests
{
    private IAuthorizationDetailTypeStore? _store;

    /// <summary>The store under test, created once per test.</summary>
    protected IAuthorizationDetailTypeStore Store => LazyInitializer.EnsureInitialized(ref _store, CreateStore);

    /// <summary>Creates an empty store.</summary>
    protected abstract IAuthorizationDetailTypeStore CreateStore();

    private static AuthorizationDetailType AgentTask() => new()
    {
        Type = "agent_task",
        Fields = ["task_id", "mode", "environment"],
        AllowedValues = new Dictionary<string, IReadOnlyList<string>> { ["environment"] = ["prod", "staging"], ["mode"] = ["autonomous"] },
    };

    [Fact]
    public async Task GetAsync_Unknown_IsEmpty()
    {
        Assert.Empty(await Store.GetAsync("agt_none", default));
    }

    [Fact]
    public async Task SetAsync_ThenGet_RoundTripsEveryField_OrderedByType()
    {
        await Store.SetAsync("agt_a", [AgentTask(), new AuthorizationDetailType { Type = "a_first", Fields = ["x"] }], default);

        var types = await Store.GetAsync("agt_a", default);

        Assert.Equal(["a_first", "agent_task"], types.Select(t => t.Type));
        Assert.Equal(["x"], types[0].Fields);
        Assert.Empty(types[0].AllowedValues);
        Assert.Equal(["task_id", "mode", "environment"], types[1].Fields);
        Assert.Equal(["prod", "staging"], types[1].AllowedValues["environment"]);
        Assert.Equal(["autonomous"], types[1].AllowedValues["mode"]);
        Assert.Equal(2, types[1].AllowedValues.Count);
    }

    [Fact]
    public async Task SetAsync_ReplacesTheAgentsTypes_AndLeavesOtherAgentsAlone()
    {
        await Store.SetAsync("agt_a", [AgentTask()], default);
        await Store.SetAsync("agt_b", [AgentTask()], default);

        await Store.SetAsync("agt_a", [new AuthorizationDetailType { Type = "other", Fields = ["y"] }], default);

        Assert.Equal(["other"], (await Store.GetAsync("agt_a", default)).Select(t => t.Type));
        Assert.Equal(["agent_task"], (await Store.GetAsync("agt_b", default)).Select(t => t.Type));
    }

    [Fact]
    public async Task SetAsync_Empty_RemovesAll()
    {
        await Store.SetAsync("agt_a", [AgentTask()], default);

        await Store.SetAsync("agt_a", [], default);

        Assert.Empty(await Store.GetAsync("agt_a", default));
    }

    [Fact]
    public async Task AgentId_IsCaseSensitive()
    {
        await Store.SetAsync("agt_a", [AgentTask()], default);

        Assert.Empty(await Store.GetAsync("AGT_A", default));
    }
}
