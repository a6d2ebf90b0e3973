// Workload identity federation: RFC 7523 §2.2 client authentication with an assertion from a trusted workload issuer
// (a SPIFFE JWT-SVID, a Kubernetes service-account token, a CI OIDC token) instead of a stored secret or key. The
// trusted issuer record must map the assertion's subject to an agent (maps-to-agent, with allowed subjects); the
// assertion is validated like a jwt-bearer assertion (exact iss, signature with the issuer's keys, aud = an accepted
// audience, short exp, single-use jti). Reached from PrivateKeyJwtAuthenticator when the client_assertion's iss is a
// trusted issuer, so the RFC 8414 method name stays private_key_jwt-compatible and one request uses one method.
using Mandate.Server.Agents;
using Mandate.Server.TrustedIssuers;

namespace Mandate.Server.ClientAuthentication;

internal sealed class WorkloadIdentityAuthenticator(ExternalAssertionValidator validator, AgentCache agents)
{
    public ValueTask<bool> AppliesAsync(string assertion, CancellationToken cancellationToken) => validator.IsTrustedIssuerAsync(assertion, cancellationToken);

    public async ValueTask<ClientAuthenticationResult> AuthenticateAsync(string assertion, string? claimedClientId, CancellationToken cancellationToken)
    {
        var validated = await validator.ValidateAsync(assertion, AssertionUse.ClientAuthentication, null, cancellationToken).ConfigureAwait(false);
        if (validated?.Issuer.MapsToAgentId is not { } agentId)
        {
            return ClientAuthenticationResult.Fail(claimedClientId, "workload client_assertion rejected by the trusted issuer checks");
        }

        var agent = await agents.FindAsync(agentId, cancellationToken).ConfigureAwait(false);
        return agent is null
            ? ClientAuthenticationResult.Fail(claimedClientId, "trusted issuer " + validated.Issuer.Name + " maps to an unknown agent")
            : ClientAuthenticationResult.Success(agent);
    }
}
