using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Mandate.ResourceServer;

/// <summary>Context of <see cref="MandateBearerEvents.OnTokenValidated"/>.</summary>
public sealed class TokenValidatedContext : ResultContext<MandateBearerOptions>
{
    /// <summary>Creates the context; raised by the handler only.</summary>
    public TokenValidatedContext(HttpContext context, AuthenticationScheme scheme, MandateBearerOptions options, MandateAccessToken accessToken)
        : base(context, scheme, options) => AccessToken = accessToken;

    /// <summary>The validated token's typed view.</summary>
    public MandateAccessToken AccessToken { get; }
}
