// [LoggerMessage] events of refresh tokens, EventIds 6750-6769 (STYLE §11). Family ids and jtis, never token values.
using Microsoft.Extensions.Logging;

namespace Mandate.Server;

internal static partial class Log
{
    [LoggerMessage(6750, LogLevel.Information, "Refresh token family {FamilyId} created for client_id={ClientId} sub={Subject} with access token jti={Jti}.")]
    public static partial void RefreshFamilyCreated(ILogger logger, string familyId, string clientId, string subject, string jti);

    [LoggerMessage(6751, LogLevel.Debug, "Refresh token of family {FamilyId} rotated by client_id={ClientId}; new access token jti={Jti}.")]
    public static partial void RefreshTokenRotated(ILogger logger, string familyId, string clientId, string jti);

    [LoggerMessage(6752, LogLevel.Warning, "Refresh token reuse in family {FamilyId} by client_id={ClientId}: the family is revoked (RFC 9700 §4.14.2).")]
    public static partial void RefreshTokenReused(ILogger logger, string familyId, string clientId);

    [LoggerMessage(6753, LogLevel.Information, "Refresh token family {FamilyId} revoked ({Count} tokens) by client_id={ActorClientId}.")]
    public static partial void RefreshFamilyRevoked(ILogger logger, string familyId, int count, string? actorClientId);

    [LoggerMessage(6754, LogLevel.Information, "Refresh token refused: client_id={ClientId} family={FamilyId} reason={Reason}.")]
    public static partial void RefreshTokenRefused(ILogger logger, string clientId, string? familyId, string reason);

    [LoggerMessage(6755, LogLevel.Information, "Revoked {Count} refresh tokens of agent {AgentId} ({Action}).")]
    public static partial void RefreshTokensRevokedForAgent(ILogger logger, int count, string agentId, string action);

    [LoggerMessage(7120, LogLevel.Information, "New refresh token family refused: client_id={ClientId} holds its limit of {Limit} live families; the access token {TokenId} minted with it is revoked.")]
    public static partial void RefreshFamilyLimited(ILogger logger, string clientId, int limit, string tokenId);
}
