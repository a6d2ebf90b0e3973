// [LoggerMessage] events of trusted issuers, the jwt-bearer grant and workload identity, EventIds 6700-6719.
// Operator detail for refusals; never token values.
using Microsoft.Extensions.Logging;

namespace Mandate.Server;

internal static partial class Log
{
    [LoggerMessage(6700, LogLevel.Information, "External assertion refused: use={Use} iss={Issuer} reason={Reason}.")]
    public static partial void ExternalAssertionRefused(ILogger logger, string use, string? issuer, string reason);

    [LoggerMessage(6701, LogLevel.Debug, "External assertion accepted: use={Use} trusted_issuer={Name} subject={Subject}.")]
    public static partial void ExternalAssertionAccepted(ILogger logger, string use, string name, string subject);

    [LoggerMessage(6702, LogLevel.Information, "Trusted issuer JWKS fetched from {JwksUri}: {Count} keys.")]
    public static partial void TrustedJwksFetched(ILogger logger, string jwksUri, int count);

    [LoggerMessage(6703, LogLevel.Warning, "Trusted issuer JWKS fetch from {JwksUri} failed: {Reason}; keeping the previous keys.")]
    public static partial void TrustedJwksFetchFailed(ILogger logger, string jwksUri, string reason);

    [LoggerMessage(6704, LogLevel.Debug, "Trusted issuer JWKS refresh for an unknown kid suppressed by the cooldown: {JwksUri}.")]
    public static partial void TrustedJwksRefreshSuppressed(ILogger logger, string jwksUri);

    [LoggerMessage(6705, LogLevel.Information, "JWT bearer grant refused: client_id={ClientId} reason={Reason}.")]
    public static partial void JwtBearerRefused(ILogger logger, string clientId, string reason);

    [LoggerMessage(6706, LogLevel.Information, "Trusted issuer {Name} ({Issuer}) {Change} by {AdminClientId}.")]
    public static partial void TrustedIssuerChanged(ILogger logger, string name, string issuer, string change, string adminClientId);
}
