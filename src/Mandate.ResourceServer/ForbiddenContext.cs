using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Mandate.ResourceServer;

/// <summary>Context of <see cref="MandateBearerEvents.OnForbidden"/>.</summary>
public sealed class ForbiddenContext : PropertiesContext<MandateBearerOptions>
{
    /// <summary>Creates the context; raised by the handler only.</summary>
    public ForbiddenContext(HttpContext context, AuthenticationScheme scheme, MandateBearerOptions options, AuthenticationProperties? properties, IReadOnlyList<string> requiredScopes)
        : base(context, scheme, options, properties) => RequiredScopes = requiredScopes;

    /// <summary>Scopes the failed policy required, reported as the RFC 6750 §3 <c>scope</c> attribute; empty when the
    /// failure was not about scope.</summary>
    public IReadOnlyList<string> RequiredScopes { get; }

    /// <summary>True once <see cref="HandleResponse"/> was called; the handler then writes nothing.</summary>
    public bool Handled { get; private set; }

    /// <summary>Skips the default 403; the event has written the response itself.</summary>
    public void HandleResponse() => Handled = true;
}
