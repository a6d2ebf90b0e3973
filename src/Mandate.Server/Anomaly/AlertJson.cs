using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Mandate.Server.Anomaly;

/// <summary>
/// The alert as JSON: the webhook body and the <c>details</c> of its <c>alert.*</c> audit record.
/// <code>
/// {"id":"…","rule":"new_network","severity":"medium","timestamp":"2026-11-22T09:30:00.0000000Z",
///  "agent_id":"agt_…","client_id":"agt_…","summary":"…","jti":"…","client_address":"203.0.113.9",
///  "trace_id":"…","action":"agent_suspended","details":{"network":"203.0.113.0/24","country":"FR"}}
/// </code>
/// Optional members are omitted when absent; <c>action</c> is present only when the agent was suspended.
/// </summary>
internal static class AlertJson
{
    public static string Severity(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Low => "low",
        AlertSeverity.Medium => "medium",
        _ => "high",
    };

    public static string Write(AnomalyAlert alert, bool agentSuspended)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", alert.Id);
            json.WriteString("rule", alert.Rule);
            json.WriteString("severity", Severity(alert.Severity));
            json.WriteString("timestamp", alert.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("agent_id", alert.AgentId);
            WriteOptional(json, "client_id", alert.ClientId);
            json.WriteString("summary", alert.Summary);
            WriteOptional(json, "jti", alert.TokenId);
            WriteOptional(json, "client_address", alert.ClientAddress);
            WriteOptional(json, "trace_id", alert.TraceId);
            if (agentSuspended)
            {
                json.WriteString("action", "agent_suspended");
            }

            json.WriteStartObject("details");
            foreach (var (name, value) in alert.Details)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
