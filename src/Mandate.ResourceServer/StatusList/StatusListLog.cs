using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.StatusList;

/// <summary>[LoggerMessage] events of the resource server's status-list checks (EventIds 6860-6869).</summary>
internal static partial class StatusListLog
{
    [LoggerMessage(6860, LogLevel.Warning, "Status list {Uri} could not be used: {Reason}.")]
    public static partial void FetchFailed(ILogger logger, string uri, string reason);

    [LoggerMessage(6861, LogLevel.Warning, "Token jti={Jti} refused: no usable status list for {Uri} and the token is older than the grace period.")]
    public static partial void Unavailable(ILogger logger, string? jti, string uri);

    [LoggerMessage(6862, LogLevel.Information, "Token jti={Jti} refused: it has no usable status claim pointing under the issuer.")]
    public static partial void MissingReference(ILogger logger, string? jti);
}
