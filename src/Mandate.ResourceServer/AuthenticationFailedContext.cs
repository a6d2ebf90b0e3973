using Mandate.Jose;
using Mandate.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Mandate.ResourceServer;

/// <summary>Context of <see cref="MandateBearerEvents.OnAuthenticationFailed"/>.</summary>
public sealed class AuthenticationFailedContext : ResultContext<MandateBearerOptions>
{
    /// <summary>Creates the context; raised by the handler only.</summary>
    public AuthenticationFailedContext(HttpContext context, AuthenticationScheme scheme, MandateBearerOptions options, OAuthError error, JoseErrorCode validationError)
        : base(context, scheme, options)
    {
        Error = error;
        ValidationError = validationError;
    }

    /// <summary>The RFC 6750 §3.1 error the client will see (<c>invalid_token</c> or <c>invalid_request</c>).</summary>
    public OAuthError Error { get; }

    /// <summary>Why validation failed, for logs and metrics only; <see cref="JoseErrorCode.None"/> for request errors.
    /// Never send it to the client.</summary>
    public JoseErrorCode ValidationError { get; }
}
