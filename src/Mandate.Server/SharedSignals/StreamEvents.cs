// The events a transmitter sends about a stream itself, with the stream as an opaque subject (SSF 1.0 §8.1.4,
// §8.1.5): verification {state} and stream-updated {status, reason}.
using Mandate.Storage;

namespace Mandate.Server.SharedSignals;

internal static class StreamEvents
{
    public static SecurityEvent Verification(string streamId, string? state, DateTimeOffset now) =>
        new(SharedSignalsNames.Verification, SubjectIdentifier.Opaque(streamId), now, writer =>
        {
            if (state is not null)
            {
                writer.WriteString("state", state);
            }
        }, "verify-" + now.ToUnixTimeMilliseconds());

    public static SecurityEvent Updated(SecurityEventStream stream, DateTimeOffset now) =>
        new(SharedSignalsNames.StreamUpdated, SubjectIdentifier.Opaque(stream.StreamId), now, writer =>
        {
            writer.WriteString("status", stream.Status);
            if (stream.StatusReason is not null)
            {
                writer.WriteString("reason", stream.StatusReason);
            }
        }, "status-" + now.ToUnixTimeMilliseconds());
}
