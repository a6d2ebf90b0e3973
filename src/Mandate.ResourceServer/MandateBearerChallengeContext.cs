using Mandate.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Mandate.ResourceServer;

/// <summary>Context of <see cref="MandateBearerEvents.OnChallenge"/>.</summary>
public sealed class MandateBearerChallengeContext : PropertiesContext<MandateBearerOptions>
{
    /// <summary>Creates the context; raised by the handler only.</summary>
    public MandateBearerChallengeContext(HttpContext context, AuthenticationScheme scheme, MandateBearerOptions options, AuthenticationProperties? properties, OAuthError? error)
        : base(context, scheme, options, properties) => Error = error;

    /// <summary>The error to report, or <c>null</c> when the request carried no token (RFC 6750 §3.1: no error code then).</summary>
    public OAuthError? Error { get; }

    /// <summary>True once <see cref="HandleResponse"/> was called; the handler then writes nothing.</summary>
    public bool Handled { get; private set; }

    /// <summary>Skips the default challenge; the event has written the response itself.</summary>
    public void HandleResponse() => Handled = true;
}
