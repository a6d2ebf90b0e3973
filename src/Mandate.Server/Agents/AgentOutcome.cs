using Mandate.Storage;

namespace Mandate.Server.Agents;

/// <summary>An admin-facing failure: HTTP status plus the <c>{error, error_description}</c> body.</summary>
internal sealed record AgentError(int StatusCode, string Error, string Description)
{
    public static AgentError Invalid(string description) => new(400, "invalid_request", description);

    public static readonly AgentError NotFound = new(404, "not_found", "No agent has this id.");
}

/// <summary>The result of an <see cref="AgentService"/> operation: an agent (and a new secret, shown once) or an error.</summary>
internal readonly record struct AgentOutcome(Agent? Agent, string? ClientSecret, AgentError? Error)
{
    public static implicit operator AgentOutcome(AgentError error) => new(null, null, error);
}
