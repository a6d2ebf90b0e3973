// The audit page: GET /console/audit?agent=&type=&since=&until=&before= lists audit records newest first, one page of
// PageSize at a time (before = id cursor), and GET /console/audit/export with the same filters downloads every
// matching record as JSON Lines, oldest first, each line the object GET /admin/audit returns (what
// `mandate audit --json` prints). Both need the scope of GET /admin/audit (mandate:audit or mandate:admin). Filters are read by
// the admin API's AuditQueryParser, so a bad value gets the same MND id there and here.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Admin.Console;

internal static class ConsoleAuditPages
{
    /// <summary>Records on one page of the audit page.</summary>
    public const int PageSize = 50;

    private const int ExportPageSize = 1000;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/audit", ConsoleHttp.Read(ConsoleNavigation.RouteOf("/console/audit"), ListAsync));
        endpoints.MapGet("/console/audit/export", ConsoleHttp.Read(ConsoleNavigation.RouteOf("/console/audit/export"), ExportAsync));
    }

    private static async Task ListAsync(HttpContext context, ConsoleSession session)
    {
        var (query, error) = Parse(context);
        if (query is null)
        {
            await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status400BadRequest, "Audit", error!).ConfigureAwait(false);
            return;
        }

        query = query with { NewestFirst = true, AfterId = null, Limit = PageSize };
        var records = await context.RequestServices.GetRequiredService<IAuditStore>().QueryAsync(query, context.RequestAborted).ConfigureAwait(false);
        var filters = Filters(context.Request.Query);
        var body = new StringBuilder(ConsoleAuditView.FilterForm(context.Request.Query));
        body.Append("<p><a href=\"/console/audit/export?").Append(filters).Append("\" download>Export these records (JSON Lines)</a></p>");
        body.Append(ConsoleAuditView.Table(records, query.BeforeId is not null));
        if (records.Count == PageSize)
        {
            body.Append("<p><a rel=\"next\" href=\"/console/audit?").Append(filters).Append("&amp;before=")
                .Append(records[^1].Id.ToString(CultureInfo.InvariantCulture)).Append("\">Older records</a></p>");
        }

        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Audit", session, body.ToString())).ConfigureAwait(false);
    }

    private static async Task ExportAsync(HttpContext context, ConsoleSession session)
    {
        var (query, error) = Parse(context);
        if (query is null)
        {
            await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status400BadRequest, "Audit", error!).ConfigureAwait(false);
            return;
        }

        var store = context.RequestServices.GetRequiredService<IAuditStore>();
        var response = context.Response;
        ConsoleHttp.SecurityHeaders(response);
        response.ContentType = "application/jsonl; charset=utf-8";
        response.Headers.ContentDisposition = "attachment; filename=\"mandate-audit.jsonl\"";
        query = query with { NewestFirst = false, BeforeId = null, AfterId = null, Limit = ExportPageSize };
        var typeInfo = AdminJsonContext.Default.AuditRecordResponse;
        while (true)
        {
            var page = await store.QueryAsync(query, context.RequestAborted).ConfigureAwait(false);
            foreach (var record in page)
            {
                await response.WriteAsync(JsonSerializer.Serialize(AuditRecordResponse.From(record), typeInfo) + "\n", context.RequestAborted).ConfigureAwait(false);
            }

            if (page.Count < ExportPageSize)
            {
                return;
            }

            query = query with { AfterId = page[^1].Id };
        }
    }

    private static (AuditQuery? Query, string? Error) Parse(HttpContext context) =>
        AuditQueryParser.Parse(context.Request.Query, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());

    // The filter part of a link: agent, type, since and until as given (no cursor).
    private static string Filters(IQueryCollection query) =>
        string.Join("&amp;", new[] { "agent", "type", "since", "until" }.Select(name => name + "=" + Uri.EscapeDataString(query[name].ToString())));
}
