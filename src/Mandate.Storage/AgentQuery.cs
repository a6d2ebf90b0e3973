namespace Mandate.Storage;

/// <summary>One page of <see cref="IAgentStore.ListPageAsync"/>: filters, the cursor to continue from, the page size.</summary>
public sealed record AgentQuery
{
    /// <summary>Only agents with exactly this owner; null for any owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Only agents in this status; null for any status.</summary>
    public AgentStatus? Status { get; init; }

    /// <summary>The <see cref="AgentPage.NextCursor"/> of the previous page; null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>The most agents in the page.</summary>
    /// <value>Between 1 and 1,000. Default: 100.</value>
    public int Limit { get; init; } = 100;
}
