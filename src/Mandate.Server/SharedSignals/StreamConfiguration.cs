// The receiver-supplied part of an SSF 1.0 §8.1.1 stream configuration, as stored (SecurityEventStream.Configuration)
// and as read from a create, update or replace request. Transmitter-supplied members (stream_id, iss, aud,
// events_supported, events_delivered, min_verification_interval, a poll stream's endpoint_url) are computed, never
// taken from the request. The push authorization_header is kept to send with each push but never returned, and is
// stored only sealed under the key-encryption key (StreamSecretProtector); a row written by an earlier version may
// still hold it in plain text, which is read and re-written sealed.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mandate.Server.SharedSignals;

internal sealed record StreamConfiguration
{
    public const int MaxDescriptionLength = 256;
    public const int MaxAuthorizationHeaderLength = 4096;
    public const int MaxEventsRequested = 64;

    public required IReadOnlyList<string> EventsRequested { get; init; }

    public required string DeliveryMethod { get; init; }

    /// <summary>The receiver's push endpoint, or null for a poll stream.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>The plaintext header: from a request, or from a row an earlier version stored unsealed. Never stored.</summary>
    public string? AuthorizationHeader { get; init; }

    /// <summary>The header sealed by <see cref="StreamSecretProtector"/> (base64url), as stored.</summary>
    public string? ProtectedAuthorizationHeader { get; init; }

    public string? Description { get; init; }

    /// <summary>When the receiver last asked for a verification event (for min_verification_interval).</summary>
    public DateTimeOffset? LastVerificationAt { get; init; }

    public bool IsPush => DeliveryMethod == SharedSignalsNames.PushMethod;

    /// <summary>events_delivered (SSF 1.0 §8.1.1): the requested events the transmitter supports.</summary>
    public IEnumerable<string> EventsDelivered => EventsRequested.Where(SharedSignalsNames.Supported.Contains);

    public bool Delivers(string eventType) =>
        eventType is SharedSignalsNames.Verification or SharedSignalsNames.StreamUpdated || EventsDelivered.Contains(eventType);

    /// <summary>The configuration as stored. The header must have been sealed first (<see cref="StreamSecretProtector.Seal"/>).</summary>
    public string ToJson()
    {
        if (AuthorizationHeader is not null)
        {
            throw new InvalidOperationException("The authorization header must be sealed before the stream configuration is stored.");
        }

        var node = new JsonObject
        {
            ["events_requested"] = new JsonArray([.. EventsRequested.Select(e => (JsonNode?)JsonValue.Create(e))]),
            ["delivery_method"] = DeliveryMethod,
            ["endpoint_url"] = EndpointUrl,
            ["authorization_header_protected"] = ProtectedAuthorizationHeader,
            ["description"] = Description,
            ["last_verification_at"] = LastVerificationAt?.ToUnixTimeMilliseconds(),
        };
        return node.ToJsonString();
    }

    public static StreamConfiguration FromJson(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        return new StreamConfiguration
        {
            EventsRequested = [.. node["events_requested"]!.AsArray().Select(e => e!.GetValue<string>())],
            DeliveryMethod = node["delivery_method"]!.GetValue<string>(),
            EndpointUrl = node["endpoint_url"]?.GetValue<string>(),
            AuthorizationHeader = node["authorization_header"]?.GetValue<string>(),
            ProtectedAuthorizationHeader = node["authorization_header_protected"]?.GetValue<string>(),
            Description = node["description"]?.GetValue<string>(),
            LastVerificationAt = node["last_verification_at"]?.GetValue<long>() is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        };
    }

    /// <summary>Writes the stream as SSF 1.0 §8.1.1 returns it to its receiver.</summary>
    public static void WriteResponse(Utf8JsonWriter writer, Mandate.Storage.SecurityEventStream stream, StreamConfiguration configuration, string issuer, string audience, SharedSignalsUris uris, TimeSpan minVerificationInterval)
    {
        writer.WriteStartObject();
        writer.WriteString("stream_id", stream.StreamId);
        writer.WriteString("iss", issuer);
        writer.WriteString("aud", audience);
        WriteArray(writer, "events_supported", SharedSignalsNames.Supported);
        WriteArray(writer, "events_requested", configuration.EventsRequested);
        WriteArray(writer, "events_delivered", configuration.EventsDelivered);
        writer.WriteStartObject("delivery");
        writer.WriteString("method", configuration.DeliveryMethod);
        writer.WriteString("endpoint_url", configuration.IsPush ? configuration.EndpointUrl : uris.PollFor(stream.StreamId));
        writer.WriteEndObject();
        writer.WriteNumber("min_verification_interval", (long)minVerificationInterval.TotalSeconds);
        if (configuration.Description is not null)
        {
            writer.WriteString("description", configuration.Description);
        }

        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
