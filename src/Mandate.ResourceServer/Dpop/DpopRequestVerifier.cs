// RFC 9449 §7 at a protected resource, run after the access token itself is valid (from the validated-token cache or
// freshly): with the DPoP scheme, the token must be bound (cnf.jkt) and the request must carry exactly one proof that
// passes §4.3 for this method and URL with ath = hash(token), is made with the bound key, carries the API nonce when
// one is required (§9) and has an unused jti (§11.1). With the Bearer scheme, a bound token is refused (§7.2) and so
// is any token where DPoP is required. The proof is therefore checked on every request; the token's signature is not.
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Protocol;
using Mandate.Protocol.Dpop;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Mandate.ResourceServer.Dpop;

internal sealed class DpopRequestVerifier(DpopReplayCache replay, DpopApiNonces nonces)
{
    /// <summary>Null when the request may proceed; otherwise the error to send and the check that failed (for logs).</summary>
    public (OAuthError Error, string Check)? Verify(HttpContext context, string token, MandateAccessToken accessToken, bool dpopScheme, MandateDpopOptions options, DateTimeOffset now)
    {
        if (!dpopScheme)
        {
            if (accessToken.ConfirmationThumbprint is not null)
            {
                return (DpopResourceErrors.BoundTokenAsBearer, "BoundTokenAsBearer");
            }

            return Required(context, options) ? (DpopResourceErrors.DpopRequired, "DpopRequired") : null;
        }

        if (accessToken.ConfirmationThumbprint is not { } bound)
        {
            return (DpopResourceErrors.NotBound, "NotBound");
        }

        var headers = context.Request.Headers[DpopHeaderNames.Proof];
        if (headers.Count != 1 || headers[0] is not { } proofText || proofText.Contains(','))
        {
            return (headers.Count > 1 ? DpopProofErrors.MultipleProofs : DpopResourceErrors.ProofMissing, "ProofHeader");
        }

        var request = context.Request;
        var result = DpopProofValidator.Validate(proofText, new DpopProofParameters
        {
            Method = request.Method,
            Uri = new Uri(UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path)),
            Now = now,
            AllowedAlgorithms = Algorithms(options),
            MaxAge = options.ProofMaxAge,
            ClockSkew = options.ProofClockSkew,
            AccessToken = token,
        });
        if (!result.IsValid)
        {
            return (DpopProofErrors.For(result.Error), result.Error.ToString());
        }

        var proof = result.Proof!;
        if (!string.Equals(proof.Thumbprint, bound, StringComparison.Ordinal))
        {
            return (DpopResourceErrors.WrongKey, "WrongKey");
        }

        if (options.RequireNonce)
        {
            context.Response.Headers[DpopHeaderNames.Nonce] = nonces.Current(now, options.NonceLifetime);
            if (proof.Nonce is null || !nonces.IsValid(proof.Nonce, now, options.NonceLifetime))
            {
                return (DpopProofErrors.UseNonce, "Nonce");
            }
        }

        var expiresAt = proof.IssuedAt + options.ProofMaxAge + options.ProofClockSkew + TimeSpan.FromSeconds(1);
        return replay.TryAdd(proof.Thumbprint, proof.JwtId, now, expiresAt, options.ReplayCacheSize) ? null : (DpopProofErrors.Replayed, "Replayed");
    }

    /// <summary>Whether this request must use DPoP: the scheme's <see cref="MandateDpopOptions.RequireDPoP"/> or the endpoint's metadata.</summary>
    public static bool Required(HttpContext context, MandateDpopOptions options) =>
        options.RequireDPoP || context.GetEndpoint()?.Metadata.GetMetadata<IRequireDpopMetadata>() is not null;

    /// <summary>The challenge for the DPoP scheme (§7.1): <c>DPoP algs="..."</c> plus the error, if any.</summary>
    public static string Challenge(string? realm, OAuthError? error, MandateDpopOptions options) =>
        Transport.BearerChallenge.Format(TokenTypes.DPoP, realm, error, scope: null, resourceMetadata: null, algs: string.Join(' ', options.Algorithms));

    private static SignatureAlgorithm[] Algorithms(MandateDpopOptions options)
    {
        var algorithms = new SignatureAlgorithm[options.Algorithms.Count];
        for (var i = 0; i < algorithms.Length; i++)
        {
            algorithms[i] = SignatureAlgorithm.TryGet(options.Algorithms[i], out var algorithm) ? algorithm : throw new InvalidOperationException("Dpop.Algorithms holds an unsupported algorithm; MandateBearerOptionsValidator refuses it at start.");
        }

        return algorithms;
    }
}
