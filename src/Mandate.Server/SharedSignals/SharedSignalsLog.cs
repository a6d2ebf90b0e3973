using Microsoft.Extensions.Logging;

namespace Mandate.Server.SharedSignals;

/// <summary>[LoggerMessage] events of the Shared Signals transmitter, EventIds 7550-7599 and 7650-7699. They log stream ids, event ids
/// (SET jti) and client ids, never SETs, tokens or authorization headers.</summary>
internal static partial class SharedSignalsLog
{
    [LoggerMessage(7550, LogLevel.Information, "Shared Signals request refused: {Reason}.")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(7551, LogLevel.Information, "Stream {StreamId} {Action} by client_id={ClientId}.")]
    public static partial void StreamChanged(ILogger logger, string streamId, string action, string clientId);

    [LoggerMessage(7552, LogLevel.Debug, "Event {EventId} of type {EventType} queued on stream {StreamId}.")]
    public static partial void Queued(ILogger logger, string eventId, string eventType, string streamId);

    [LoggerMessage(7553, LogLevel.Debug, "Event {EventId} pushed on stream {StreamId} (attempt {Attempt}).")]
    public static partial void Pushed(ILogger logger, string eventId, string streamId, int attempt);

    [LoggerMessage(7554, LogLevel.Warning, "Push of event {EventId} on stream {StreamId} failed (attempt {Attempt}, status {Status}); next attempt in {DelaySeconds} s.")]
    public static partial void PushFailed(ILogger logger, string eventId, string streamId, int attempt, int status, double delaySeconds);

    [LoggerMessage(7555, LogLevel.Error, "Event {EventId} on stream {StreamId} dropped after {Attempts} attempt(s): {Reason}.")]
    public static partial void Dropped(ILogger logger, string eventId, string streamId, int attempts, string reason);

    [LoggerMessage(7556, LogLevel.Error, "Shared Signals events could not be queued for {EventType}.")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string eventType);

    [LoggerMessage(7557, LogLevel.Error, "The Shared Signals delivery round failed; retrying next round.")]
    public static partial void RoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(7558, LogLevel.Error, "The event store could not be reached; answered 503.")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(7559, LogLevel.Warning, "SharedSignals:AllowHttpPushEndpointsForDevelopment is on: SETs and receivers' authorization headers may be pushed over plain HTTP.")]
    public static partial void HttpPushAllowed(ILogger logger);

    [LoggerMessage(7560, LogLevel.Information, "Poll on stream {StreamId}: {Acked} acknowledged, {Errors} reported in error, {Returned} returned.")]
    public static partial void Polled(ILogger logger, string streamId, int acked, int errors, int returned);

    [LoggerMessage(7561, LogLevel.Warning, "The Shared Signals alert queue is full; the risk-level-change SET for agent {AgentId} is dropped.")]
    public static partial void AlertDropped(ILogger logger, string agentId);

    [LoggerMessage(7650, LogLevel.Information, "Sealed the plaintext push authorization header of {Count} stream(s) stored by an earlier version.")]
    public static partial void HeadersSealed(ILogger logger, int count);

    [LoggerMessage(7651, LogLevel.Error, "The sealed authorization header of stream {StreamId} does not open with this key-encryption key; event {EventId} is not pushed this round.")]
    public static partial void HeaderUnreadable(ILogger logger, string streamId, string eventId);

    [LoggerMessage(7652, LogLevel.Warning, "The plaintext push authorization headers could not be sealed yet; retrying next round.")]
    public static partial void SealFailed(ILogger logger, Exception exception);
}
