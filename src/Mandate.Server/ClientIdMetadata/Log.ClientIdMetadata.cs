// [LoggerMessage] events of Client ID Metadata Documents, EventIds 6650-6659. The client id is a URL chosen by the
// client; it is logged through UntrustedText by the callers.
using Microsoft.Extensions.Logging;

namespace Mandate.Server;

internal static partial class Log
{
    [LoggerMessage(6650, LogLevel.Information, "Client metadata document {ClientId} refused: {Reason}.")]
    public static partial void ClientMetadataDocumentRefused(ILogger logger, string? clientId, string reason);

    [LoggerMessage(6651, LogLevel.Information, "Client metadata document {ClientId} fetched for agent {AgentId}; cached for {CacheSeconds} s.")]
    public static partial void ClientMetadataDocumentFetched(ILogger logger, string? clientId, string agentId, double cacheSeconds);

    [LoggerMessage(6652, LogLevel.Warning, "AllowHttpLoopbackForTesting is set: client metadata documents may be fetched over http from loopback addresses. Never set it in production.")]
    public static partial void ClientMetadataLoopbackAllowed(ILogger logger);
}
