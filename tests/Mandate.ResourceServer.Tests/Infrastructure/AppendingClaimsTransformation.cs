using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Mandate.ResourceServer.Tests.Infrastructure;

/// <summary>A careless claims transformation that mutates the identity it is given, as real apps often do.</summary>
public sealed class AppendingClaimsTransformation : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("appended", "1"));
        return Task.FromResult(principal);
    }
}
