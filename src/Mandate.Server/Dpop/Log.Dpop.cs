// [LoggerMessage] events of DPoP at the token endpoint, EventIds 6550-6569 (STYLE §11). Thumbprints and
// client ids only: proofs, keys and jti values are never logged.
using Microsoft.Extensions.Logging;

namespace Mandate.Server;

internal static partial class Log
{
    [LoggerMessage(6550, LogLevel.Information, "DPoP proof refused at the token endpoint: client_id={ClientId} check={Check}.")]
    public static partial void DpopProofRefused(ILogger logger, string clientId, string check);

    [LoggerMessage(6551, LogLevel.Warning, "DPoP proof replayed at the token endpoint: client_id={ClientId} jkt={Thumbprint}.")]
    public static partial void DpopProofReplayed(ILogger logger, string clientId, string thumbprint);

    [LoggerMessage(6552, LogLevel.Information, "Token request without the DPoP proof this client requires: client_id={ClientId}.")]
    public static partial void DpopProofMissing(ILogger logger, string clientId);

    [LoggerMessage(6553, LogLevel.Debug, "DPoP nonce missing or stale at the token endpoint: client_id={ClientId}; a fresh one is sent.")]
    public static partial void DpopNonceRequested(ILogger logger, string clientId);

    [LoggerMessage(6554, LogLevel.Information, "Token exchange refused: the {TokenName} is DPoP-bound to another key than the request's proof (client_id={ClientId}).")]
    public static partial void DpopBindingMismatch(ILogger logger, string tokenName, string clientId);
}
