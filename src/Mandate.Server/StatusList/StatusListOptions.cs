namespace Mandate.Server.StatusList;

/// <summary>
/// Token Status Lists (draft-ietf-oauth-status-list) for the access tokens Mandate issues: every token carries a
/// <c>status</c> claim pointing at one bit of a list served at <c>{issuer}/statuslists/{n}</c>.
/// </summary>
public sealed class StatusListOptions
{
    /// <summary>Statuses (tokens) per list.</summary>
    /// <value>A multiple of 8 between 1,024 and 16,777,216. Default: 1,048,576 (128 KiB before compression).</value>
    public int ListSize { get; set; } = 1 << 20;

    /// <summary>How many lists may be used; a token goes to the next list when its random probes of the previous
    /// one all hit live tokens.</summary>
    /// <value>Between 1 and 1,024. Default: 16.</value>
    public int ListCount { get; set; } = 16;

    /// <summary>Random blocks tried in each list before moving to the next (random blocks keep a token's
    /// position from revealing when it was issued or which tokens came from the same agent).</summary>
    /// <value>Between 1 and 64. Default: 8.</value>
    public int AllocationAttempts { get; set; } = 8;

    /// <summary>How long a node gives out the indexes of one leased block (a run of up to 1,024 consecutive indexes): tokens
    /// issued by one node within this window may share a block, so the window bounds what an index reveals about when a
    /// token was issued. A block is leased for this long plus <c>MaxAccessTokenLifetime</c> and the clock skew, and freed
    /// earlier once the node is done with it and its last token has expired.</summary>
    /// <value>Between 1 second and 1 hour. Default: 1 minute.</value>
    public TimeSpan BlockLeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The <c>ttl</c> of Status List Tokens and their <c>Cache-Control: max-age</c>: how long an API may use a
    /// copy, so the longest time a revocation takes to reach an API that reads only the list.</summary>
    /// <value>Between 1 second and 1 hour. Default: 60 seconds.</value>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>From a Status List Token's <c>iat</c> to its <c>exp</c>: how long a copy stays usable when the API cannot
    /// fetch a fresh one.</summary>
    /// <value>Between <see cref="TimeToLive"/> and 24 hours. Default: 10 minutes.</value>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
