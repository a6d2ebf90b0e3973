using Microsoft.Extensions.Logging;

namespace Mandate.Server.StatusList;

/// <summary>[LoggerMessage] events of the status lists, EventIds 6850-6899 and 7200-7219. They log list ids, indexes and token ids,
/// never token values.</summary>
internal static partial class StatusListLog
{
    [LoggerMessage(6850, LogLevel.Error, "Status list {ListId} could not be read from the store; answered 503.")]
    public static partial void ListUnavailable(ILogger logger, Exception exception, int listId);

    [LoggerMessage(6851, LogLevel.Debug, "Status list bits set: kind={Kind} subject={Subject} entries={Count}.")]
    public static partial void BitsSet(ILogger logger, string kind, string subject, int count);

    [LoggerMessage(6852, LogLevel.Error, "Every status list is full; access token for client_id={ClientId} not issued.")]
    public static partial void ListsFull(ILogger logger, string clientId);

    [LoggerMessage(6853, LogLevel.Information, "Token Status Lists enabled: {ListCount} list(s) of {ListSize} entries, ttl {TimeToLiveSeconds} s.")]
    public static partial void Enabled(ILogger logger, int listCount, int listSize, long timeToLiveSeconds);

    [LoggerMessage(7200, LogLevel.Warning, "Status list {ListId} block {Block} could not be released early; it becomes reusable when its lease runs out.")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, int listId, int block);
}
