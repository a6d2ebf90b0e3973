using System.Security.Claims;
using Mandate.ResourceServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Mandate.ResourceServer;

/// <summary>Reads the <see cref="MandateAccessToken"/> of an authenticated request.</summary>
public static class MandateAccessTokenExtensions
{
    /// <summary>Returns the token validated for this request, or <c>null</c> when the request was not authenticated
    /// by a Mandate bearer scheme.</summary>
    public static MandateAccessToken? GetMandateToken(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<MandateAccessToken>() ?? context.User.GetMandateToken();
    }

    /// <summary>Returns the token behind the first identity created by a Mandate bearer scheme, or <c>null</c>.</summary>
    public static MandateAccessToken? GetMandateToken(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        foreach (var identity in principal.Identities)
        {
            if (identity is MandateClaimsIdentity mandate)
            {
                return mandate.AccessToken;
            }
        }

        return null;
    }
}
