// RFC 9396 §2: one object of the token's authorization_details claim, as issued (no renaming).
using System.Text.Json;

namespace Mandate.ResourceServer;

/// <summary>One RFC 9396 authorization details object of the access token, e.g.
/// <c>{"type":"agent_task","task_id":"t-1","environment":"prod"}</c>.</summary>
public sealed class MandateAuthorizationDetail
{
    private readonly Dictionary<string, JsonElement> _fields;

    internal MandateAuthorizationDetail(string type, Dictionary<string, JsonElement> fields)
    {
        Type = type;
        _fields = fields;
    }

    /// <summary>The <c>type</c> member.</summary>
    public string Type { get; }

    /// <summary>Every member except <c>type</c>, with its JSON value (detached from the token's document).</summary>
    public IReadOnlyDictionary<string, JsonElement> Fields => _fields;

    /// <summary>The string value of <paramref name="field"/>; null when the member is absent or not a JSON string.
    /// Lets a policy read naturally: <c>d =&gt; d["environment"] == "prod"</c>.</summary>
    public string? this[string field] =>
        _fields.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
