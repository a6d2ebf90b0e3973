// [LoggerMessage] events of several servers sharing one store (docs/revocation.md, "Several servers"), EventIds 6600-6619.
using Microsoft.Extensions.Logging;

namespace Mandate.Server;

internal static partial class Log
{
    [LoggerMessage(6600, LogLevel.Debug, "Applied {Count} revocation event(s) from the store up to sequence {Sequence}.")]
    public static partial void RevocationsFollowed(ILogger logger, int count, long sequence);

    [LoggerMessage(6601, LogLevel.Warning, "Following the shared store failed; it is read again at the next interval.")]
    public static partial void StoreFollowFailed(ILogger logger, Exception exception);

    [LoggerMessage(6602, LogLevel.Information, "Signing keys changed in the store; this server now signs with kid={KeyId}.")]
    public static partial void SigningKeysReloaded(ILogger logger, string keyId);

    [LoggerMessage(6603, LogLevel.Debug, "Rotation from kid={KeyId} skipped: another server already rotated.")]
    public static partial void KeyRotationLost(ILogger logger, string keyId);

    [LoggerMessage(6604, LogLevel.Warning, "The store holds no active signing key right now; this server keeps signing with kid={KeyId}.")]
    public static partial void NoActiveSigningKeyStored(ILogger logger, string keyId);
}
