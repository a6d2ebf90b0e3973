// [LoggerMessage] events of delegation links and the revocation-log purge, EventIds 6740-6749 (STYLE §11).
using Microsoft.Extensions.Logging;

namespace Mandate.Server;

internal static partial class Log
{
    [LoggerMessage(6740, LogLevel.Information, "Revocation purge deleted {Events} expired revocation events and {Links} expired delegation links and refresh tokens.")]
    public static partial void RevocationLogPurged(ILogger logger, int events, int links);

    [LoggerMessage(6741, LogLevel.Warning, "The revocation purge failed; it is retried on the next tick.")]
    public static partial void RevocationLogPurgeFailed(ILogger logger, Exception exception);
}
