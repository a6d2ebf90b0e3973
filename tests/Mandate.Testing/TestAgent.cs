using System.Text.Json;

namespace Mandate.Testing;

/// <summary>An agent created through the admin API by <see cref="MandateTestServer.CreateAgentAsync"/>.</summary>
/// <param name="ClientId">The agent's client_id (equals its id).</param>
/// <param name="ClientSecret">The secret shown once at creation, or null for key-only agents.</param>
/// <param name="Json">The full agent JSON returned by the admin API.</param>
public sealed record TestAgent(string ClientId, string? ClientSecret, JsonElement Json);
