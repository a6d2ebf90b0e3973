// Issue #7 item 6: one record per request that reached an endpoint requiring authorization, so an API can log or
// forward its use of Mandate tokens and join it with the issuer's audit log by jti. Identifiers only: never the
// token itself. A struct, so raising it allocates nothing (the claims are the request's validated token, shared).
using System.Diagnostics;

namespace Mandate.ResourceServer.Usage;

/// <summary>What one protected request presented and what the API decided. Delivered to every
/// <see cref="IMandateUsageSink"/> after the decision, off the request path.</summary>
public readonly record struct MandateUsageEvent
{
    /// <summary>When the decision was made (the host's <see cref="TimeProvider"/>, UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Allowed or refused.</summary>
    public required MandateUsageDecision Decision { get; init; }

    /// <summary>Why: one of <see cref="MandateUsageResults"/> (<c>valid</c> when allowed).</summary>
    public required string Result { get; init; }

    /// <summary>The HTTP method, e.g. <c>GET</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The endpoint's route pattern, e.g. <c>/api/tools/{id}</c> (never the concrete path or query);
    /// <c>null</c> when the endpoint has no route pattern.</summary>
    public string? Route { get; init; }

    /// <summary>The validated token, when the request carried one that passed validation (allowed requests, and
    /// refusals for <see cref="MandateUsageResults.InsufficientScope"/>, <see cref="MandateUsageResults.Inactive"/>,
    /// <see cref="MandateUsageResults.Forbidden"/>); <c>null</c> otherwise.</summary>
    public MandateAccessToken? Token { get; init; }

    /// <summary>The token's <c>jti</c>: from <see cref="Token"/>, or of a refused revoked token. Join key with the
    /// issuer's <c>token.issued</c> audit record.</summary>
    public string? JwtId { get; init; }

    /// <summary>The scopes the endpoint required but the token lacked (<see cref="MandateUsageResults.InsufficientScope"/>); empty otherwise.</summary>
    public IReadOnlyList<string> MissingScopes { get => field ?? []; init; }

    /// <summary>The W3C trace id of the request's activity, when one exists.</summary>
    public ActivityTraceId? TraceId { get; init; }

    /// <summary>The <c>sub</c> claim (the agent, or the user it acts for).</summary>
    public string? Subject => Token?.AgentId;

    /// <summary>The <c>client_id</c> claim: the agent that requested the token.</summary>
    public string? ClientId => Token?.ClientId;

    /// <summary>The token's scopes; empty without a validated token.</summary>
    public IReadOnlySet<string> Scopes => Token?.Scopes ?? EmptyScopes.Instance;

    /// <summary>The token's audiences; empty without a validated token.</summary>
    public IReadOnlyList<string> Audiences => Token?.Audiences ?? [];

    /// <summary>Length of the token's RFC 8693 <c>act</c> chain; 0 for a direct token or without a validated token.</summary>
    public int DelegationDepth => Token?.Actors.Count ?? 0;

    private static class EmptyScopes
    {
        public static readonly IReadOnlySet<string> Instance = new HashSet<string>(StringComparer.Ordinal);
    }
}
