// The stream management API and the poll endpoint are RFC 6750 protected resources of this same server
// (SSF 1.0 §7.1 authorization_schemes: urn:ietf:rfc:6749): OwnTokenAuthorizer checks the token, for "{issuer}/ssf"
// (aud), carrying the ssf:manage scope. The receiver is an ordinary agent and must still be active. A DPoP-bound token
// (cnf, RFC 9449) comes with the DPoP scheme and a proof (§7.1); presented as a bearer token it is refused, since that
// would defeat its binding. With the FAPI 2.0 profile on, only DPoP-bound tokens are accepted.
using Mandate.Server.Endpoints;
using Mandate.Server.OwnTokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsAuthorizer(OwnTokenAuthorizer authorizer, SharedSignalsUris uris, ILogger<SharedSignalsAuthorizer> logger)
{
    private readonly OwnTokenPolicy _policy = new()
    {
        Audience = uris.Audience,
        InvalidToken = SharedSignalsErrors.InvalidToken,
        MissingScope = static _ => SharedSignalsErrors.MissingScope,
        RefuseSenderConstrained = true,
        AcceptDpop = true,
    };

    /// <summary>Returns the receiver's client id, or the RFC 6750 error result to send.</summary>
    public async ValueTask<(string? ClientId, OAuthErrorResult? Failure)> AuthorizeAsync(HttpContext context)
    {
        var outcome = await authorizer.AuthorizeAsync(context, _policy, SharedSignalsNames.Scope).ConfigureAwait(false);
        if (outcome.Failure is not null)
        {
            SharedSignalsLog.Refused(logger, outcome.Reason!);
            return (null, outcome.Failure);
        }

        return (outcome.ClientId, null);
    }
}
