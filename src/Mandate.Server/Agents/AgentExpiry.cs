// Issue 6 §5: every agent has an expiry. An agent registered without one expires after DefaultAgentLifetime; a
// requested expiry later than MaxAgentLifetime from now is lowered to that bound (the admin API answers with the
// expiry actually stored). An expired agent gets invalid_client from /token and is listed as an orphan.
namespace Mandate.Server.Agents;

internal static class AgentExpiry
{
    public static DateTimeOffset Resolve(DateTimeOffset? requested, DateTimeOffset now, MandateServerOptions options)
    {
        var latest = now + options.MaxAgentLifetime;
        var expiresAt = requested ?? now + options.DefaultAgentLifetime;
        return expiresAt > latest ? latest : expiresAt;
    }
}
