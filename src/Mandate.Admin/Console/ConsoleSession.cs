namespace Mandate.Admin.Console;

/// <summary>One signed-in operator: who, which role, the form anti-forgery token, and when the session was last used.</summary>
internal sealed class ConsoleSession(string id, string operatorId, ConsoleRole role, string antiforgeryToken, DateTimeOffset createdAt, ConsoleReadRights readRights)
{
    private long _lastSeenTicks = createdAt.UtcTicks;

    /// <summary>The random id carried by the session cookie.</summary>
    public string Id { get; } = id;

    /// <summary>The operator's identity as written into audit records: the admin agent's client id, or
    /// <c>oidc:&lt;sub&gt;@&lt;issuer host&gt;</c> after an OpenID Connect sign-in.</summary>
    public string OperatorId { get; } = operatorId;

    /// <summary>The name shown next to the sign-out button: the OIDC user's name or email, else <see cref="OperatorId"/>.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The rights granted by the operator's admin scopes (or OIDC role mappings).</summary>
    public ConsoleRole Role { get; } = role;

    /// <summary>Whether this session holds <paramref name="right"/>.</summary>
    public bool May(ConsoleRole right) => (Role & right) == right;

    /// <summary>Whether this session may read what the admin API's <c>GET <paramref name="adminRoute"/></c> reads (see <see cref="ConsoleReadRights"/>).</summary>
    public bool MayRead(string adminRoute) => May(readRights.RightOf(adminRoute));

    /// <summary>The synchronizer token every state-changing form of this session must echo.</summary>
    public string AntiforgeryToken { get; } = antiforgeryToken;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset LastSeen
    {
        get => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastSeenTicks, value.UtcTicks);
    }
}
