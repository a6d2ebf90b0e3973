// Console sign-in with an admin agent's client_id and client_secret, checked as the token endpoint checks
// client_secret_basic/post: the secret is hashed even for an unknown client id (no timing oracle), failures
// are counted by the server's failed-authentication limiter and audited, and the agent must be active and
// unexpired and hold an admin scope (ConsoleRoles).
using System.Net;
using Mandate.Server.Agents;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.RateLimiting;
using Mandate.Storage;

namespace Mandate.Admin.Console;

internal sealed class ConsoleSignIn(AgentCache agents, ClientSecretHasher hasher, FailedAuthenticationLimiter limiter, TimeProvider timeProvider)
{
    private const int MaxLength = 512;

    /// <summary>The remaining block when this address or client id has failed too often; null when it may try.</summary>
    public TimeSpan? Blocked(string clientId, IPAddress? address) => limiter.AddressBlocked(address) ?? limiter.ClientBlocked(clientId);

    /// <summary>The signed-in role, or null with the operator-facing reason kept for the audit record.</summary>
    public async Task<(ConsoleRole? Role, string Reason)> VerifyAsync(string clientId, string secret, IPAddress? address, CancellationToken cancellationToken)
    {
        if (clientId.Length is 0 or > MaxLength || secret.Length is 0 or > MaxLength)
        {
            await limiter.RecordFailureAsync(clientId.Length is 0 or > MaxLength ? null : clientId, address, cancellationToken).ConfigureAwait(false);
            return (null, "malformed credentials");
        }

        var agent = await agents.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        var check = ClientSecretVerification.Verify(hasher, agent, clientId, secret);
        var reason = !check.Succeeded ? "wrong credentials"
            : agent!.Status != AgentStatus.Active || agent.ExpiresAt <= timeProvider.GetUtcNow() ? "agent not active"
            : ConsoleRoles.FromScopes(agent.AllowedScopes) == ConsoleRole.None ? "no admin scope"
            : null;
        if (reason is not null)
        {
            await limiter.RecordFailureAsync(clientId, address, cancellationToken).ConfigureAwait(false);
            return (null, reason);
        }

        return (ConsoleRoles.FromScopes(agent!.AllowedScopes), "signed in");
    }
}
