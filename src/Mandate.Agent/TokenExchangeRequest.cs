// RFC 8693 §2.1 token exchange request parameters, other than the subject token itself (passed separately to
// MandateTokenClient.ExchangeAsync so that it is never a long-lived member of a request object).
using System.Text;
using Mandate.Protocol;

namespace Mandate.Agent;

/// <summary>
/// What <see cref="MandateTokenClient.ExchangeAsync"/> asks for when it exchanges a subject token (RFC 8693 §2.1),
/// for example to delegate to a sub-agent (<see cref="Resource"/> = <c>urn:mandate:agent:{sub-agent id}</c>) or to
/// call an API on the subject's behalf. <see cref="ToString"/> never prints <see cref="ActorToken"/>.
/// </summary>
public sealed class TokenExchangeRequest
{
    /// <summary>RFC 8693 §2.1 / RFC 8707 <c>resource</c>: absolute URI of the target service, or
    /// <c>urn:mandate:agent:{id}</c> to address the new token to another agent.</summary>
    /// <value>Default: <see langword="null"/>. Mutually exclusive with <see cref="Audience"/>.</value>
    public Uri? Resource { get; init; }

    /// <summary>RFC 8693 §2.1 <c>audience</c>: the logical name of the target service.</summary>
    /// <value>Default: <see langword="null"/>. Mutually exclusive with <see cref="Resource"/>.</value>
    public string? Audience { get; init; }

    /// <summary>RFC 6749 §3.3 space-delimited scopes; only a narrowing of the subject token's scopes is granted.</summary>
    /// <value>Default: <see langword="null"/> (the server grants what the subject token and the client allow).</value>
    public string? Scope { get; init; }

    /// <summary>RFC 8693 §3 type of the subject token.</summary>
    /// <value>Default: <c>urn:ietf:params:oauth:token-type:access_token</c>.</value>
    public string SubjectTokenType { get; init; } = TokenTypes.AccessToken;

    /// <summary>When the subject token expires. The exchanged token is never cached past this moment.</summary>
    /// <value>Default: <see langword="null"/>: read from the subject token's <c>exp</c> when it is a JWT (unverified,
    /// used only to bound caching); when it cannot be read, the exchanged token is not cached.</value>
    public DateTimeOffset? SubjectTokenExpiresAt { get; init; }

    /// <summary>RFC 8693 §2.1 <c>actor_token</c>: a token representing the acting party. Never logged or printed.</summary>
    /// <value>Default: <see langword="null"/> (none). Mutually exclusive with <see cref="UseOwnTokenAsActor"/>.</value>
    public string? ActorToken { get; init; }

    /// <summary>RFC 8693 §2.1 <c>actor_token_type</c>, sent with an actor token.</summary>
    /// <value>Default: <c>urn:ietf:params:oauth:token-type:access_token</c>.</value>
    public string ActorTokenType { get; init; } = TokenTypes.AccessToken;

    /// <summary>Send the client's own access token (from <see cref="MandateTokenClient.GetTokenAsync"/> with the
    /// default parameters) as the <c>actor_token</c>, so the server can check that the acting agent is who it says.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool UseOwnTokenAsActor { get; init; }

    /// <summary>Which of the client's own tokens <see cref="UseOwnTokenAsActor"/> sends (the server checks only that
    /// it is a live token of this client, so any scope the agent holds will do).</summary>
    /// <value>Default: <see langword="null"/>: <see cref="TokenRequestParameters.Default"/> (the agent's default
    /// scopes; an agent without default scopes must name one here).</value>
    public TokenRequestParameters? OwnTokenParameters { get; init; }

    /// <summary>RFC 8693 §2.1 <c>requested_token_type</c>.</summary>
    /// <value>Default: <see langword="null"/> (the server's default, an access token).</value>
    public string? RequestedTokenType { get; init; }

    /// <summary>Describes the request without the actor token.</summary>
    public override string ToString() =>
        new StringBuilder("Resource = ").Append(Resource).Append(", Audience = ").Append(Audience)
            .Append(", Scope = ").Append(Scope).Append(", SubjectTokenType = ").Append(SubjectTokenType)
            .Append(", ActorToken = ").Append(ActorToken is null ? "(null)" : "***")
            .Append(", UseOwnTokenAsActor = ").Append(UseOwnTokenAsActor)
            .Append(", RequestedTokenType = ").Append(RequestedTokenType).ToString();

    /// <summary>Throws <see cref="ArgumentException"/> for combinations RFC 8693 §2.1 or this client cannot send.
    /// Messages name the property, never a token.</summary>
    internal void Validate()
    {
        if (Resource is not null && !Resource.IsAbsoluteUri)
        {
            throw new ArgumentException("Resource must be an absolute URI (RFC 8707 §2).", "request");
        }

        if (Resource is not null && !string.IsNullOrEmpty(Audience))
        {
            throw new ArgumentException("Set Resource or Audience, not both.", "request");
        }

        if (string.IsNullOrEmpty(SubjectTokenType) || string.IsNullOrEmpty(ActorTokenType))
        {
            throw new ArgumentException("SubjectTokenType and ActorTokenType must not be empty.", "request");
        }

        if (ActorToken is { Length: 0 })
        {
            throw new ArgumentException("ActorToken must not be empty; leave it null for no actor.", "request");
        }

        if (OwnTokenParameters is not null && !UseOwnTokenAsActor)
        {
            throw new ArgumentException("OwnTokenParameters is used only with UseOwnTokenAsActor.", "request");
        }

        if (ActorToken is not null && UseOwnTokenAsActor)
        {
            throw new ArgumentException("Set ActorToken or UseOwnTokenAsActor, not both.", "request");
        }
    }
}
