using Microsoft.Extensions.Logging;

namespace Mandate.Server;

// Dynamic client registration (RFC 7591, RFC 7592) and initial access tokens (EventIds 7450-7499).
internal static partial class Log
{
    [LoggerMessage(7450, LogLevel.Information, "Registration refused ({Reason}) from {Address}.")]
    public static partial void RegistrationRefused(ILogger logger, string reason, string? address);

    [LoggerMessage(7451, LogLevel.Information, "Client {ClientId} registered with initial access token {InitialAccessTokenId} (owner {Owner}).")]
    public static partial void ClientRegistered(ILogger logger, string clientId, string initialAccessTokenId, string owner);

    [LoggerMessage(7452, LogLevel.Information, "Registered client {ClientId}: {Action}.")]
    public static partial void RegisteredClientChanged(ILogger logger, string clientId, string action);

    [LoggerMessage(7453, LogLevel.Warning, "Registration rate limit reached for {Address}; refused until {Until}.")]
    public static partial void RegistrationRateLimited(ILogger logger, string address, DateTimeOffset until);

    [LoggerMessage(7454, LogLevel.Error, "Registration store failure: {ErrorType}: {Message}")]
    public static partial void RegistrationStoreFailed(ILogger logger, string errorType, string message);

    [LoggerMessage(7455, LogLevel.Information, "Initial access token {InitialAccessTokenId} {Action} by {AdminClientId}.")]
    public static partial void InitialAccessTokenChanged(ILogger logger, string initialAccessTokenId, string action, string adminClientId);
}
