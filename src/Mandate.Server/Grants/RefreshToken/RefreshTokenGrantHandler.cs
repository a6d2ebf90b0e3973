// RFC 6749 §6 refresh_token grant, with RFC 9700 §4.14.2 rotation and reuse detection.
//  - §6: the client authenticates (confidential clients only) and the token must have been issued to it;
//    an invalid, expired, revoked or foreign token is invalid_grant (§5.2).
//  - §6: scope may only narrow ("MUST NOT include any scope not originally granted"); omitted = as originally
//    granted (still ∩ the client's current allowed scopes). Wider: invalid_scope.
//  - The new access token keeps the family's sub, act chain and audience, and parent_jti of the token the family
//    was exchanged from (so revoking that token still cascades to it).
//  - RFC 9700 §4.14.2: presenting a rotated token is reuse: the family is revoked (refresh tokens and their access
//    tokens) and the request gets invalid_grant. Deliberate deviation from STYLE §3 (phase 1 writes nothing): this
//    revocation is written here, because the refusal is the moment the breach is detected.
// The rotation itself (compare-and-swap) happens after issuing, in RefreshTokenService.AttachAsync.
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.AuthorizationDetails;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Grants.RefreshToken;

internal sealed class RefreshTokenGrantHandler(
    RefreshTokenService refreshTokens,
    RevocationList revocations,
    AgentCache agents,
    AuthorizationDetailsPolicy details,
    IOptions<MandateServerOptions> serverOptions,
    ILogger<RefreshTokenGrantHandler> logger) : IGrantHandler
{
    private static readonly IReadOnlySet<string> Accepted = new HashSet<string>(StringComparer.Ordinal)
    {
        OAuthParameters.RefreshToken, OAuthParameters.Scope, OAuthParameters.AuthorizationDetails,
    };

    private readonly TimeSpan _maxLifetime = serverOptions.Value.MaxAccessTokenLifetime;

    public string GrantType => GrantTypes.RefreshToken;

    public IReadOnlySet<string> Parameters => Accepted;

    public async ValueTask<GrantResult> ValidateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var client = request.Client;
        var value = request.Get(OAuthParameters.RefreshToken);
        if (string.IsNullOrEmpty(value))
        {
            return RefreshTokenErrors.Missing;
        }

        var record = await refreshTokens.FindAsync(value, cancellationToken).ConfigureAwait(false);
        if (record is null || !string.Equals(record.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            // RFC 6749 §6: the token is bound to the client it was issued to.
            return Refuse(client.ClientId, record?.FamilyId, record is null ? "unknown refresh token" : "refresh token of another client");
        }

        if (record.State == RefreshTokenState.Rotated)
        {
            Log.RefreshTokenReused(logger, record.FamilyId, client.ClientId);
            await refreshTokens.RevokeFamilyAsync(record.FamilyId, client.ClientId, CancellationToken.None).ConfigureAwait(false);
            return RefreshTokenErrors.Invalid;
        }

        if (!refreshTokens.IsUsable(record))
        {
            return Refuse(client.ClientId, record.FamilyId, record.State == RefreshTokenState.Revoked ? "revoked" : "expired (idle or absolute)");
        }

        if ((record.ParentJti is { } parent && revocations.IsRevoked(parent, null, null, null, null))
            || revocations.IsRevoked(null, record.Subject, record.ClientId, record.IssuedAt, null)
            || !await IsSubjectActiveAsync(record.Subject, cancellationToken).ConfigureAwait(false))
        {
            return Refuse(client.ClientId, record.FamilyId, "parent token revoked, agent marked, or subject agent not active");
        }

        if (!AgentPolicyValidator.Contains(client.AllowedAudiences, record.Audience))
        {
            return Refuse(client.ClientId, record.FamilyId, "the client may no longer reach the family's audience");
        }

        var scopes = NarrowScopes(request.Get(OAuthParameters.Scope), record.Scopes, client.AllowedScopes);
        if (scopes is null)
        {
            return RefreshTokenErrors.ScopeNotGranted;
        }

        var grant = new ApprovedGrant
        {
            GrantType = GrantTypes.RefreshToken,
            Subject = record.Subject,
            ClientId = client.ClientId,
            Scopes = scopes,
            Audience = record.Audience,
            Lifetime = client.TokenLifetime < _maxLifetime ? client.TokenLifetime : _maxLifetime,
            Actors = record.Actors,
            ParentTokenId = record.ParentJti,
            RefreshToken = new RefreshTokenIntent { Rotating = record },
            AuthorizationDetails = record.AuthorizationDetails,
        };

        // RFC 9396: the family's authorization_details are kept, or narrowed by the request.
        return await details.ApplyAsync(grant, request, derived: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 6749 §6: requested ⊆ originally granted (∩ the client's allowed scopes); omitted = all of that.</summary>
    private static IReadOnlyList<string>? NarrowScopes(string? requested, IReadOnlyList<string> granted, IReadOnlyList<string> allowed)
    {
        IReadOnlyList<string> candidates;
        if (requested is null)
        {
            candidates = granted;
        }
        else if (!ScopeSet.TryParse(requested, out var parsed) || parsed.Count == 0)
        {
            return null;
        }
        else
        {
            candidates = parsed;
        }

        var result = new List<string>(candidates.Count);
        foreach (var scope in candidates)
        {
            if (!AgentPolicyValidator.Contains(granted, scope) || !AgentPolicyValidator.Contains(allowed, scope))
            {
                return null;
            }

            result.Add(scope);
        }

        return result.Count == 0 && granted.Count > 0 ? null : result;
    }

    // A subject that is one of our agents must still be active; a person (an external subject) has no agent record.
    private async ValueTask<bool> IsSubjectActiveAsync(string subject, CancellationToken cancellationToken) =>
        await agents.FindAsync(subject, cancellationToken).ConfigureAwait(false) is not { } agent || agent.Status == AgentStatus.Active;

    private OAuthError Refuse(string clientId, string? familyId, string reason)
    {
        Log.RefreshTokenRefused(logger, clientId, familyId, reason);
        return RefreshTokenErrors.Invalid;
    }
}
