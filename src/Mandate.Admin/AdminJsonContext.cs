using System.Text.Json.Serialization;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>Source-generated JSON for the admin API. Unknown request members are refused, so a typo in a
/// policy field (e.g. "scope" for "scopes") fails loudly instead of being ignored.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, WriteIndented = false)]
[JsonSerializable(typeof(CreateAgentRequest))]
[JsonSerializable(typeof(UpdateAgentRequest))]
[JsonSerializable(typeof(ImportKeyRequest))]
[JsonSerializable(typeof(AgentResponse))]
[JsonSerializable(typeof(List<AgentResponse>))]
[JsonSerializable(typeof(KeyResponse))]
[JsonSerializable(typeof(List<OrphanResponse>))]
[JsonSerializable(typeof(List<KeyResponse>))]
[JsonSerializable(typeof(AuditPageResponse))]
[JsonSerializable(typeof(CreateInitialAccessTokenRequest))]
[JsonSerializable(typeof(InitialAccessTokenResponse))]
[JsonSerializable(typeof(List<InitialAccessTokenResponse>))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
