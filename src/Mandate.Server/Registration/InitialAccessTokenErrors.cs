// Admin-facing errors of initial access token management (admin API /admin/registration-tokens). IDs MND3430-3439.
using Mandate.Server.Agents;

namespace Mandate.Server.Registration;

internal static class InitialAccessTokenErrors
{
    public static readonly AgentError Scopes = AgentError.Invalid("MND3430: scopes must list 1 to 100 RFC 6749 §3.3 scope tokens.");
    public static readonly AgentError Audiences = AgentError.Invalid("MND3431: audiences must list 1 to 100 absolute URIs without fragments (RFC 8707 §2).");
    public static readonly AgentError GrantTypes = AgentError.Invalid("MND3432: grant_types must list grant types this server supports (authorization_code and implicit are not among them).");
    public static readonly AgentError Owner = AgentError.Invalid("MND3433: owner must be 1 to 256 characters without control characters.");
    public static readonly AgentError Expiry = AgentError.Invalid("MND3434: expires_in_seconds must be at least 60 and at most ClientRegistration.MaxInitialAccessTokenLifetime.");
    public static readonly AgentError MaxUses = AgentError.Invalid("MND3435: max_uses must be between 1 and 1,000,000, or absent for no limit.");
    public static readonly AgentError NotFound = new(404, "not_found", "MND3436: No initial access token has this id.");
    public static readonly AgentError AlreadyRevoked = new(409, "conflict", "MND3437: The initial access token is already revoked.");
}
