// Admin API, audit log:
//   GET /admin/audit?agent=&since=&until=&type=&after=&limit= -> {"records":[...], "next_after": id|null}   (oldest first)
//   GET /admin/audit?order=newest&before=&...           -> {"records":[...], "next_before": id|null} (newest first)
// Requires the admin token like every /admin endpoint. Records never hold tokens or secrets.
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using Mandate.Protocol;
using Mandate.Server;

namespace Mandate.Admin;

internal static class AdminAuditEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        AdminRoutes.Get(endpoints, "/admin/audit", MandateScopes.AdminAudit, QueryAsync);
    }

    private static async Task QueryAsync(HttpContext context, string adminClientId)
    {
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var (query, error) = AuditQueryParser.Parse(context.Request.Query, now);
        if (query is null)
        {
            await AdminHttp.Invalid(error!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var store = context.RequestServices.GetRequiredService<IAuditStore>();
        var records = await store.QueryAsync(query, context.RequestAborted).ConfigureAwait(false);
        var page = new List<AuditRecordResponse>(records.Count);
        foreach (var record in records)
        {
            page.Add(AuditRecordResponse.From(record));
        }

        var response = new AuditPageResponse
        {
            Records = page,
            NextAfter = !query.NewestFirst && records.Count == query.Limit ? records[^1].Id : null,
            NextBefore = query.NewestFirst && records.Count == query.Limit ? records[^1].Id : null,
        };
        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, response, AdminJsonContext.Default.AuditPageResponse).ConfigureAwait(false);
    }
}
