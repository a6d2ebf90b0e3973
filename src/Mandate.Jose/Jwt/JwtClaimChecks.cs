// RFC 7519 §4.1.1 (iss), §4.1.3 (aud), §4.1.4 (exp: now must be before it), §4.1.5 (nbf: not before it),
// §4.1.6 (iat), RFC 8725 §3.8–§3.9 (validate issuer and audience). Skew applies symmetrically.
namespace Mandate.Jose.Jwt;

/// <summary>Claim checks run by <see cref="JwtValidator"/> after the signature has verified.</summary>
internal static class JwtClaimChecks
{
    internal static JoseErrorCode Check(JwtClaims claims, JwtValidationParameters parameters)
    {
        foreach (string name in parameters.RequiredClaims)
        {
            if (!claims.TryGetClaim(name, out _))
            {
                return JoseErrorCode.MissingClaim;
            }
        }

        if (parameters.ValidIssuer is not null)
        {
            if (claims.Issuer is null)
            {
                return JoseErrorCode.MissingClaim;
            }

            if (!string.Equals(claims.Issuer, parameters.ValidIssuer, StringComparison.Ordinal))
            {
                return JoseErrorCode.InvalidIssuer;
            }
        }

        if (parameters.ValidAudiences.Count > 0)
        {
            if (claims.Audiences.Count == 0)
            {
                return JoseErrorCode.MissingClaim;
            }

            if (!ContainsAny(claims.Audiences, parameters.ValidAudiences))
            {
                return JoseErrorCode.InvalidAudience;
            }
        }

        return CheckTimes(claims, parameters);
    }

    private static JoseErrorCode CheckTimes(JwtClaims claims, JwtValidationParameters parameters)
    {
        if (claims.ExpiresAt is null && parameters.RequireExpirationTime)
        {
            return JoseErrorCode.MissingClaim;
        }

        DateTimeOffset now = parameters.TimeProvider.GetUtcNow();
        TimeSpan skew = parameters.ClockSkew < TimeSpan.Zero ? TimeSpan.Zero : parameters.ClockSkew;

        // RFC 7519 §4.1.4: the current time MUST be before exp (plus leeway).
        if (claims.ExpiresAt is { } exp && now >= exp + skew)
        {
            return JoseErrorCode.Expired;
        }

        if (claims.NotBefore is { } nbf && now + skew < nbf)
        {
            return JoseErrorCode.NotYetValid;
        }

        TimeSpan iatSkew = parameters.IssuedAtClockSkew is { } ahead ? (ahead < TimeSpan.Zero ? TimeSpan.Zero : ahead) : skew;
        if (claims.IssuedAt is { } iat && iat > now + iatSkew)
        {
            return JoseErrorCode.IssuedInFuture;
        }

        return JoseErrorCode.None;
    }

    private static bool ContainsAny(IReadOnlyList<string> audiences, IReadOnlyCollection<string> valid)
    {
        for (int i = 0; i < audiences.Count; i++)
        {
            foreach (string candidate in valid)
            {
                if (string.Equals(audiences[i], candidate, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
