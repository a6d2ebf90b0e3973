using Mandate.Protocol;

namespace Mandate.Server.Faults;

/// <summary>The answers of a request that met a store fault or an unreadable body (see <see cref="StoreFaultGuard"/>).</summary>
internal static class StoreFaultErrors
{
    public static readonly OAuthError Unavailable = new(OAuthErrorCodes.TemporarilyUnavailable, "MND3450: The server's store is unavailable right now; nothing was changed. Retry later.");

    public static readonly OAuthError Corrupt = new(OAuthErrorCodes.TemporarilyUnavailable, "MND3451: The server's store reported damaged data; an operator must restore it. Nothing was changed.");

    public static readonly OAuthError BodyUnreadable = new(OAuthErrorCodes.InvalidRequest, "MND3452: The request body could not be read completely.");
}
