using System.Diagnostics;
using Mandate.Protocol;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.Audit;

/// <summary>Request facts every audit record of an HTTP request carries: address, user agent, W3C trace context.</summary>
internal readonly record struct AuditRequestContext(string? ClientAddress, string? UserAgent, string? TraceId, string? SpanId)
{
    /// <summary>Longest stored User-Agent; longer values are cut, credential-shaped ones redacted (they are client-controlled).</summary>
    public const int MaxUserAgentLength = 256;

    /// <summary>Reads the facts from <paramref name="context"/>.</summary>
    public static AuditRequestContext From(HttpContext context)
    {
        var userAgent = context.Request.Headers.UserAgent;
        var ua = userAgent.Count == 0 ? null : UntrustedText.ForRecord(userAgent[0], MaxUserAgentLength);
        var address = context.Connection.RemoteIpAddress?.ToString();

        // W3C Trace Context: prefer the server's current activity (a child of the caller's traceparent);
        // without a listener ASP.NET Core may not create one, so fall back to the traceparent header.
        if (Activity.Current is { } activity)
        {
            return new(address, ua, activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
        }

        var traceParent = context.Request.Headers.TraceParent;
        if (traceParent.Count == 1 && ActivityContext.TryParse(traceParent[0], null, out var parent))
        {
            return new(address, ua, parent.TraceId.ToHexString(), parent.SpanId.ToHexString());
        }

        return new(address, ua, null, null);
    }
}
