using System.Text.Json;

namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>Credentials parsed from <c>mandate agent create --json</c>.</summary>
public sealed record AgentCredentials(string ClientId, string? ClientSecret)
{
    /// <summary>Parses the JSON output of create or rotate-secret.</summary>
    public static AgentCredentials Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        return new AgentCredentials(
            root.GetProperty("client_id").GetString()!,
            root.GetProperty("client_secret").ValueKind == JsonValueKind.Null ? null : root.GetProperty("client_secret").GetString());
    }
}
