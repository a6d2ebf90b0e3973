// Client-facing errors of Token Status Lists (STYLE §5, IDs MND3000-3049).
using Mandate.Protocol;

namespace Mandate.Server.StatusList;

internal static class StatusListErrors
{
    /// <summary>No status-list index was free, so no token can be issued that APIs could check: 503, retry later.</summary>
    public static readonly OAuthError ListsFull = new(OAuthErrorCodes.TemporarilyUnavailable, "MND3000: The server cannot issue a token right now; retry later.");
}
