namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>An agent's client id and its one-time secret, as printed by <c>mandate agent create --json</c>.</summary>
internal sealed record AgentCredentials(string ClientId, string ClientSecret);
