// The console's stylesheet and script, embedded in the assembly (no CDN, no external fonts, no build chain).
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mandate.Admin.Console;

internal static class ConsoleAssets
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/assets/console.css", context => WriteAsync(context, "console.css", "text/css; charset=utf-8"));
        endpoints.MapGet("/console/assets/console.js", context => WriteAsync(context, "console.js", "text/javascript; charset=utf-8"));
    }

    private static async Task WriteAsync(HttpContext context, string name, string contentType)
    {
        await using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("Mandate.Admin.Console.Assets." + name)
            ?? throw new InvalidOperationException("The console asset " + name + " is missing from the assembly.");
        ConsoleHttp.SecurityHeaders(context.Response);
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentType = contentType;
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
