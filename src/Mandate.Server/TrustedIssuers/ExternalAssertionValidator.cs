// Validates a JWT from a trusted external issuer (RFC 7523 §3, RFC 7521 §5.2, RFC 8725):
//  1. iss (read unverified only to choose the records) must equal a registered issuer URL exactly (§3 item 1);
//  2. the signature must verify with that record's keys (static JWKS or jwks_uri; never header keys; the key fixes
//     alg, so none/HS*/mismatches fail); an unknown kid refreshes a remote JWKS once, within the cooldown;
//  3. aud must contain an accepted audience (§3 item 3): the record's audiences, or this server's issuer and token
//     endpoint; a subject_token may instead name the actor agent (urn:mandate:agent:{id}, chain binding);
//  4. exp is required (§3 item 4); nbf and iat are checked with the server's clock skew (items 5-6);
//  5. for assertions (grant, client authentication) exp may be at most MaxAssertionLifetime ahead, and jti is
//     required and single-use through IReplayCache keyed by the issuer URL (item 7) - an assertion without jti is
//     refused, since nothing else stops its replay within its lifetime - unless the record's RequireJwtId is off
//     (real JWT-SVIDs often carry none): then an assertion without jti is accepted within the record's maximum
//     assertion lifetime, at most 5 minutes, and one with a jti is still single-use;
//  6. the subject claim must be a non-empty string matching the record's allowed subjects;
//  7. an ID-JAG (typ oauth-id-jag+jwt) is only accepted as a grant assertion (RFC 8725 §3.11 explicit typing).
// Several records may share an issuer URL (e.g. one per repository); the first, by name, that accepts the JWT wins.
using Mandate.Jose;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Server.ClientAuthentication;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.TrustedIssuers;

internal sealed class ExternalAssertionValidator(
    TrustedIssuerRegistry registry,
    TrustedIssuerKeys keys,
    IReplayCache replayCache,
    IssuerUris uris,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> serverOptions,
    ILogger<ExternalAssertionValidator> logger)
{
    /// <summary>The <c>typ</c> of an Identity Assertion JWT Authorization Grant (draft-ietf-oauth-identity-assertion-authz-grant §3).</summary>
    public const string IdJagType = "oauth-id-jag+jwt";

    private static readonly string[] AssertionClaims = [JwtClaimNames.Issuer, JwtClaimNames.Audience, JwtClaimNames.ExpirationTime, JwtClaimNames.JwtId];
    private static readonly string[] TokenClaims = [JwtClaimNames.Issuer, JwtClaimNames.Audience, JwtClaimNames.ExpirationTime];
    private static readonly string[] AssertionClaimsWithoutJwtId = TokenClaims;

    private readonly TimeSpan _skew = serverOptions.Value.ClockSkew;
    private readonly string[] _defaultAudiences = [uris.Issuer, uris.TokenEndpoint];

    /// <summary>True when the unverified <c>iss</c> of <paramref name="jwt"/> is a registered trusted issuer.</summary>
    public async ValueTask<bool> IsTrustedIssuerAsync(string jwt, CancellationToken cancellationToken) =>
        UnverifiedClaims.TryReadString(jwt, JwtClaimNames.Issuer, out var iss) && (await registry.FindAsync(iss, cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>Validates <paramref name="jwt"/>; null when it is not acceptable (the reason is logged).</summary>
    /// <param name="jwt">The compact JWT.</param>
    /// <param name="use">What it is presented as.</param>
    /// <param name="actorAudience">For <see cref="AssertionUse.SubjectToken"/>: the calling agent's URI, also accepted as aud.</param>
    /// <param name="cancellationToken">Cancels store and JWKS access.</param>
    public async ValueTask<ExternalAssertion?> ValidateAsync(string jwt, AssertionUse use, string? actorAudience, CancellationToken cancellationToken)
    {
        if (!UnverifiedClaims.TryReadString(jwt, JwtClaimNames.Issuer, out var iss))
        {
            return Refuse(use, null, "not a JWT with an iss claim");
        }

        var candidates = await registry.FindAsync(iss, cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return Refuse(use, iss, "issuer is not trusted");
        }

        string reason = "no trusted issuer record admits it";
        foreach (var candidate in candidates)
        {
            if (use == AssertionUse.ClientAuthentication && candidate.MapsToAgentId is null)
            {
                reason = "no record of this issuer maps to an agent";
                continue;
            }

            var (assertion, failure) = await TryCandidateAsync(jwt, candidate, use, actorAudience, cancellationToken).ConfigureAwait(false);
            if (assertion is null)
            {
                reason = candidate.Name + ": " + failure;
                continue;
            }

            if (use != AssertionUse.SubjectToken)
            {
                // RFC 7523 §3 item 7: remember the jti until the assertion could no longer be accepted anyway.
                var claims = assertion.Claims;
                if (claims.JwtId is not null && !await replayCache.TryAddAsync(candidate.Issuer, claims.JwtId!, claims.ExpiresAt!.Value + _skew, cancellationToken).ConfigureAwait(false))
                {
                    return Refuse(use, iss, candidate.Name + ": jti replayed");
                }
            }

            Log.ExternalAssertionAccepted(logger, use.ToString(), candidate.Name, assertion.Subject);
            return assertion;
        }

        return Refuse(use, iss, reason);
    }

    private async ValueTask<(ExternalAssertion? Assertion, string? Failure)> TryCandidateAsync(
        string jwt, TrustedIssuer issuer, AssertionUse use, string? actorAudience, CancellationToken cancellationToken)
    {
        var audiences = issuer.Audiences.Count > 0 ? [.. issuer.Audiences] : new List<string>(_defaultAudiences);
        if (use == AssertionUse.SubjectToken && actorAudience is not null)
        {
            audiences.Add(actorAudience);
        }

        var parameters = new JwtValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidAudiences = audiences,
            ClockSkew = _skew,
            TimeProvider = timeProvider,
            RequireExpirationTime = true,
            RequiredClaims = use == AssertionUse.SubjectToken ? TokenClaims : issuer.RequireJwtId ? AssertionClaims : AssertionClaimsWithoutJwtId,
        };

        var keySet = await keys.GetKeysAsync(issuer, cancellationToken).ConfigureAwait(false);
        var result = JwtValidator.Validate(jwt, keySet, parameters);
        if (result.Error == JoseErrorCode.UnknownKeyId)
        {
            var refreshed = await keys.RefreshForUnknownKeyAsync(issuer, keySet, cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(refreshed, keySet))
            {
                result = JwtValidator.Validate(jwt, refreshed, parameters);
            }
        }

        if (!result.IsValid || result.Claims is not { } claims)
        {
            return (null, "rejected: " + result.Error);
        }

        var type = result.Header.Typ;
        var isIdJag = type is not null && (type.Equals(IdJagType, StringComparison.OrdinalIgnoreCase) || type.Equals("application/" + IdJagType, StringComparison.OrdinalIgnoreCase));
        if (isIdJag && use != AssertionUse.Grant)
        {
            return (null, "an ID-JAG is only accepted as a jwt-bearer grant assertion");
        }

        if (use != AssertionUse.SubjectToken && claims.ExpiresAt!.Value - timeProvider.GetUtcNow() > issuer.MaxAssertionLifetime + _skew)
        {
            return (null, "exp is further ahead than the issuer's maximum assertion lifetime");
        }

        if (!claims.TryGetClaim(issuer.SubjectClaim, out var subjectValue) || subjectValue.ValueKind != System.Text.Json.JsonValueKind.String
            || subjectValue.GetString() is not { Length: > 0 } subject)
        {
            return (null, "subject claim '" + issuer.SubjectClaim + "' missing or not a string");
        }

        if (!SubjectPattern.IsAllowed(issuer.AllowedSubjects, subject))
        {
            return (null, "subject is not among the allowed subjects");
        }

        return (new ExternalAssertion(issuer, claims, subject, isIdJag ? IdJagType : type), null);
    }

    private ExternalAssertion? Refuse(AssertionUse use, string? issuer, string reason)
    {
        // The issuer comes from an assertion not yet verified: bounded, and never logged when credential-shaped.
        Log.ExternalAssertionRefused(logger, use.ToString(), UntrustedText.ForRecord(issuer, UntrustedText.MaxIdentifierLength), reason);
        return null;
    }
}
