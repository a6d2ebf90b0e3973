// [LoggerMessage] events of start-up safety: the data folder's issuer and its key-encryption key.
using Microsoft.Extensions.Logging;

namespace Mandate.Server;

internal static partial class Log
{
    [LoggerMessage(6900, LogLevel.Warning, "The issuer changed from {PreviousIssuer} to {Issuer}; {Count} admin agent(s) now accept the audience {AdminAudience} and {Path} names the new issuer. Tokens issued under the previous issuer no longer validate.")]
    public static partial void AdminIssuerChanged(ILogger logger, string previousIssuer, string issuer, int count, string adminAudience, string path);
}
