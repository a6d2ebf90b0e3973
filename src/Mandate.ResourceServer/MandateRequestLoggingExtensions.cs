// RFC 6750 §5.3: bearer tokens must not leak into logs. ASP.NET Core's hosting diagnostics write
// "Request starting/finished ... {Path}{QueryString}" at Information before any middleware runs, so a token in
// the access_token query parameter (RFC 6750 §2.3) reaches the request log even when this library refuses it.
// Middleware cannot redact that line; raising the category's level is what removes it.
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer;

/// <summary>Keeps access tokens sent in the query string out of ASP.NET Core's request logs.</summary>
public static class MandateRequestLoggingExtensions
{
    /// <summary>The logging category of ASP.NET Core's per-request "Request starting"/"Request finished" lines,
    /// which carry the full URL including the query string.</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Logs the <see cref="HostingDiagnosticsCategory"/> category at <see cref="LogLevel.Warning"/> and above only, so the
    /// request URL (and any <c>access_token</c> query parameter in it) is never written by the hosting layer. Request
    /// metrics and traces are unaffected. HTTP logging (<c>UseHttpLogging</c>) writes the query only when
    /// <c>HttpLoggingFields.RequestQuery</c> is enabled: leave it off on APIs that accept bearer tokens.
    /// </summary>
    /// <param name="logging">The host's logging builder.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder KeepAccessTokensOutOfRequestLogs(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        return logging.AddFilter(HostingDiagnosticsCategory, LogLevel.Warning);
    }
}
