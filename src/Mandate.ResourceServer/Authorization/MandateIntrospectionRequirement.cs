// RFC 7662 for high-risk operations: an endpoint marked .RequireIntrospection() asks the issuer whether the token is
// still active before running, on top of signature checks and the revocation feed's deny list. A token the issuer
// calls inactive gets 401 invalid_token (RFC 6750 §3.1), not 403.
using Mandate.ResourceServer.Revocation;
using Mandate.ResourceServer.Transport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mandate.ResourceServer.Authorization;

/// <summary>Requires the issuer's introspection endpoint to confirm that the bearer token is active. Needs
/// <see cref="MandateBearerOptions.IntrospectionClientId"/> and <see cref="MandateBearerOptions.IntrospectionClientSecret"/>
/// (an agent allowed the <c>mandate:introspect</c> scope and this API's audience).</summary>
public sealed class MandateIntrospectionRequirement : AuthorizationHandler<MandateIntrospectionRequirement>, IAuthorizationRequirement
{
    /// <summary>The authentication scheme whose options (issuer, credentials, cache) are used.</summary>
    public string Scheme { get; }

    /// <summary>Creates the requirement for <paramref name="scheme"/>.</summary>
    public MandateIntrospectionRequirement(string scheme = MandateBearerDefaults.AuthenticationScheme) => Scheme = scheme;

    /// <inheritdoc />
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, MandateIntrospectionRequirement requirement)
    {
        if (context.Resource is not HttpContext http || BearerTokenReader.Read(http.Request, allowQueryString: false).Token is not { } token)
        {
            return;
        }

        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<MandateBearerOptions>>().Get(requirement.Scheme);
        var client = http.RequestServices.GetRequiredService<IntrospectionClient>();
        if (await client.IsActiveAsync(token, options, http.RequestAborted).ConfigureAwait(false))
        {
            context.Succeed(requirement);
        }
    }
}
