using Microsoft.Extensions.Logging;

namespace Mandate.Server.Faults;

internal static partial class FaultLog
{
    [LoggerMessage(7500, LogLevel.Warning, "The store is unavailable ({Cause}); {Method} {Path} was answered 503 and changed nothing.")]
    public static partial void StoreUnavailable(ILogger logger, string cause, string method, string path);

    [LoggerMessage(7501, LogLevel.Critical, "The store reported damaged data ({Cause}) on {Method} {Path}; /readyz now reports not ready. Restore the store from a backup.")]
    public static partial void StoreCorrupt(ILogger logger, string cause, string method, string path);

    [LoggerMessage(7502, LogLevel.Debug, "The client closed the connection before {Method} {Path} was answered.")]
    public static partial void RequestAborted(ILogger logger, string method, string path);

    [LoggerMessage(7503, LogLevel.Information, "The body of {Method} {Path} could not be read ({ErrorMessage}); answered 400.")]
    public static partial void BodyUnreadable(ILogger logger, string method, string path, string errorMessage);

    [LoggerMessage(7504, LogLevel.Warning, "/readyz: the store cannot be written ({Cause}).")]
    public static partial void WriteProbeFailed(ILogger logger, string cause);
}
