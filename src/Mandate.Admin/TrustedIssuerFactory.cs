// Checks an admin request and builds the TrustedIssuer record (docs/delegation.md "Trusted issuers"). Rules:
// name [a-z0-9][a-z0-9._-]{0,62} (it becomes part of external subjects, so no ':'); issuer an absolute URI;
// exactly one of jwks_uri (https; http only on loopback with AllowHttpJwksOnLoopback) and jwks (public keys only,
// at least one usable); allowed subjects exact or trailing-'*' prefixes; maps_to_agent names an existing agent and
// then requires at least one allowed subject (otherwise every workload of the issuer would become that agent);
// lifetimes positive, the token lifetime at most the server's MaxAccessTokenLifetime, the assertion lifetime at most 24 h.
using System.Text;
using System.Text.RegularExpressions;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.Server;
using Mandate.Server.TrustedIssuers;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Admin;

internal sealed partial class TrustedIssuerFactory(IAgentStore agents, TimeProvider timeProvider, IOptions<MandateServerOptions> serverOptions, IOptions<TrustedIssuerOptions> options)
{
    private static readonly TimeSpan DefaultAssertionLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromHours(24);

    /// <summary>The longest assertion lifetime of an issuer whose assertions need not carry a jti.</summary>
    internal static readonly TimeSpan MaxAssertionLifetimeWithoutJti = TimeSpan.FromMinutes(5);

    public async ValueTask<(TrustedIssuer? Issuer, string? Error)> CreateAsync(TrustedIssuerRequest request, CancellationToken cancellationToken)
    {
        if (request.Name is not { } name || !NamePattern().IsMatch(name))
        {
            return Fail("MND2850: name must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit.");
        }

        if (request.Issuer is not { Length: > 0 and <= 2048 } issuer || !Uri.TryCreate(issuer, UriKind.Absolute, out _))
        {
            return Fail("MND2851: issuer must be an absolute URI, exactly as the issuer writes its iss claim.");
        }

        if ((request.JwksUri is null) == (request.Jwks is null))
        {
            return Fail("MND2852: give exactly one of jwks_uri and jwks.");
        }

        string? jwks = null;
        if (request.JwksUri is { } jwksUri)
        {
            if (!Uri.TryCreate(jwksUri, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps
                || (uri.Scheme == Uri.UriSchemeHttp && options.Value.AllowHttpJwksOnLoopback && MandateServerOptionsValidator.IsLoopback(uri))))
            {
                return Fail("MND2853: jwks_uri must be an https URL (http only on loopback when the server allows it).");
            }
        }
        else
        {
            if (request.Jwks is not { ValueKind: System.Text.Json.JsonValueKind.Object } element
                || !JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(element.GetRawText()), out var set, out _) || set is null)
            {
                return Fail("MND2854: jwks must be a JSON Web Key Set object.");
            }

            if (set.Keys.Any(static k => k.HasPrivateKey))
            {
                return Fail("MND2855: jwks must hold public keys only.");
            }

            if (VerificationKeySet.FromJwks(set).Count == 0)
            {
                return Fail("MND2856: jwks holds no usable signing key (RSA keys need alg; EC P-256/384; RSA at least 2048 bits).");
            }

            jwks = set.ToJson();
        }

        var audiences = request.Audiences ?? [];
        if (audiences.Any(static a => string.IsNullOrWhiteSpace(a)))
        {
            return Fail("MND2857: audiences must not contain empty values.");
        }

        var subjects = request.AllowedSubjects ?? [];
        if (subjects.Any(static s => s is null || !SubjectPattern.IsValid(s)))
        {
            return Fail("MND2858: allowed_subjects entries are exact values or prefixes with one trailing '*'.");
        }

        if (request.MapsToAgent is { } agentId)
        {
            if (await agents.FindAsync(agentId, cancellationToken).ConfigureAwait(false) is null)
            {
                return Fail("MND2859: maps_to_agent names no agent.");
            }

            if (subjects.Count == 0)
            {
                return Fail("MND2860: maps_to_agent requires at least one allowed subject.");
            }
        }

        var scopes = request.Scopes ?? [];
        if (scopes.Count > 0 && !ScopeSet.TryParse(string.Join(' ', scopes), out _) || scopes.Any(static s => s is null || s.Contains(' ', StringComparison.Ordinal)))
        {
            return Fail("MND2861: scopes must be RFC 6749 §3.3 scope tokens.");
        }

        var serverMax = serverOptions.Value.MaxAccessTokenLifetime;
        var tokenLifetime = request.MaxTokenLifetimeSeconds is { } t ? TimeSpan.FromSeconds(t) : (serverMax < TimeSpan.FromMinutes(5) ? serverMax : TimeSpan.FromMinutes(5));
        if (tokenLifetime < TimeSpan.FromSeconds(1) || tokenLifetime > serverMax)
        {
            return Fail($"MND2862: max_token_lifetime_seconds must be between 1 and {(long)serverMax.TotalSeconds}.");
        }

        // Without a required jti nothing stops a replay but exp, so such an issuer's assertions must be short-lived.
        var requireJti = request.RequireJti ?? true;
        var assertionLifetime = request.MaxAssertionLifetimeSeconds is { } a ? TimeSpan.FromSeconds(a)
            : requireJti || DefaultAssertionLifetime <= MaxAssertionLifetimeWithoutJti ? DefaultAssertionLifetime : MaxAssertionLifetimeWithoutJti;
        if (assertionLifetime < TimeSpan.FromSeconds(1) || assertionLifetime > MaxAssertionLifetime)
        {
            return Fail($"MND2863: max_assertion_lifetime_seconds must be between 1 and {(long)MaxAssertionLifetime.TotalSeconds}.");
        }

        if (!requireJti && assertionLifetime > MaxAssertionLifetimeWithoutJti)
        {
            return Fail($"MND2880: with require_jti false, max_assertion_lifetime_seconds must be at most {(long)MaxAssertionLifetimeWithoutJti.TotalSeconds}.");
        }

        var subjectClaim = string.IsNullOrWhiteSpace(request.SubjectClaim) ? JwtClaimNames.Subject : request.SubjectClaim;
        return (new TrustedIssuer
        {
            Name = name,
            Issuer = issuer,
            JwksUri = request.JwksUri,
            Jwks = jwks,
            Audiences = [.. audiences.Distinct(StringComparer.Ordinal)],
            SubjectClaim = subjectClaim,
            MapsToAgentId = request.MapsToAgent,
            AllowedSubjects = [.. subjects.Distinct(StringComparer.Ordinal)],
            GrantableScopes = [.. scopes.Distinct(StringComparer.Ordinal)],
            MaxTokenLifetime = tokenLifetime,
            MaxAssertionLifetime = assertionLifetime,
            RequireJwtId = requireJti,
            CreatedAt = timeProvider.GetUtcNow(),
        }, null);
    }

    private static (TrustedIssuer?, string?) Fail(string error) => (null, error);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
