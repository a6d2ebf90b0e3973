using Microsoft.Extensions.Logging;

namespace Mandate.Admin.Console;

/// <summary>[LoggerMessage] events of the operator console, EventIds 7100-7119, 7300-7349 and 7950-7999. Never a secret or session id.</summary>
internal static partial class ConsoleLog
{
    [LoggerMessage(EventId = 7300, Level = LogLevel.Information, Message = "Console sign-in by {ClientId} as {Role}")]
    public static partial void SignedIn(ILogger logger, string clientId, string role);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Console sign-in refused for {ClientId}: {Reason}")]
    public static partial void SignInFailed(ILogger logger, string clientId, string reason);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Error, Message = "Console action not audited (audit store unavailable): {Action}")]
    public static partial void NotAudited(ILogger logger, Exception exception, string action);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Information, Message = "Console: {OperatorId} {Action} agent {AgentId}")]
    public static partial void AgentChanged(ILogger logger, string operatorId, string action, string agentId);

    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning, Message = "Console OpenID Connect sign-in failed ({FailureType}): {Failure}")]
    public static partial void OidcFailed(ILogger logger, string failureType, string failure);

    [LoggerMessage(EventId = 7950, Level = LogLevel.Information, Message = "Console: {OperatorId} revoked token {Jti} and the tokens derived from it")]
    public static partial void TokenRevoked(ILogger logger, string operatorId, string jti);
}
