// Mandate delegation: the audience that addresses a token to an agent rather than to an API. A token whose aud
// is "urn:mandate:agent:{id}" may be exchanged (RFC 8693) by that agent, and only by it (chain binding).
namespace Mandate.Protocol;

/// <summary>The audience URI that names an agent as the recipient of a delegated token.</summary>
public static class AgentAudience
{
    /// <summary>The URN prefix, followed by the agent id.</summary>
    public const string Prefix = "urn:mandate:agent:";

    /// <summary>The audience URI of the agent <paramref name="agentId"/>, e.g. <c>urn:mandate:agent:agt_…</c>.</summary>
    public static string For(string agentId) => Prefix + agentId;
}
