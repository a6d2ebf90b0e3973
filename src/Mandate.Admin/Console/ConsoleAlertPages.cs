// The alerts page: GET /console/alerts?open=1&before= lists anomaly alerts (the alert.<rule> audit records)
// newest first with severity, rule, agent and evidence, and whether each was acknowledged; POST
// /console/alerts/{id}/ack acknowledges one (mandate:agents or mandate:admin). An acknowledgement is itself an
// audit record (console.alert_ack, details = the alert record's id, client_id = the operator), so it is kept by
// every audit store and audited by construction; if it cannot be written the page answers 503 and nothing is
// acknowledged.
using System.Globalization;
using Mandate.Server.Anomaly;
using Mandate.Server.Audit;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Admin.Console;

internal static class ConsoleAlertPages
{
    /// <summary>Alerts on one page.</summary>
    public const int PageSize = 50;

    /// <summary>How many of the newest acknowledgements are read to mark alerts acknowledged.</summary>
    public const int AcknowledgementWindow = 10_000;

    public const string NotAnAlert = "MND3801: No anomaly alert has this id. Go back to the list of alerts.";
    public const string AckUnavailable = "MND3802: The acknowledgement could not be recorded because the audit store is unavailable; nothing was acknowledged. Try again shortly.";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/alerts", ConsoleHttp.Read(ConsoleNavigation.RouteOf("/console/alerts"), ListAsync));
        endpoints.MapPost("/console/alerts/{id}/ack", ConsoleHttp.Action(ConsoleRole.Agents, AcknowledgeAsync));
    }

    private static async Task ListAsync(HttpContext context, ConsoleSession session)
    {
        var store = context.RequestServices.GetRequiredService<IAuditStore>();
        long? before = long.TryParse(context.Request.Query["before"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) ? cursor : null;
        var openOnly = context.Request.Query["open"].ToString() == "1";
        var acknowledged = await AcknowledgedAsync(store, context.RequestAborted).ConfigureAwait(false);
        var alerts = new List<AuditRecord>();
        var more = false;
        while (alerts.Count < PageSize)
        {
            var page = await store.QueryAsync(new AuditQuery { Type = AnomalyRules.AuditTypePrefix, NewestFirst = true, BeforeId = before, Limit = PageSize }, context.RequestAborted).ConfigureAwait(false);
            alerts.AddRange(page.Where(alert => !openOnly || !acknowledged.ContainsKey(alert.Id)).Take(PageSize - alerts.Count));
            more = page.Count == PageSize;
            if (!more)
            {
                break;
            }

            before = page[^1].Id;
        }

        var next = more && alerts.Count > 0 ? alerts[^1].Id : (long?)null;
        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK,
            ConsoleLayout.Render("Alerts", session, ConsoleAlertView.List(alerts, acknowledged, session, openOnly, next))).ConfigureAwait(false);
    }

    private static async Task AcknowledgeAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var store = context.RequestServices.GetRequiredService<IAuditStore>();
        var text = context.Request.RouteValues["id"] as string ?? "";
        AuditRecord? alert = null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            var found = await store.QueryAsync(new AuditQuery { Type = AnomalyRules.AuditTypePrefix, AfterId = id - 1, Limit = 1 }, context.RequestAborted).ConfigureAwait(false);
            alert = found.Count == 1 && found[0].Id == id ? found[0] : null;
        }

        if (alert is null)
        {
            await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status404NotFound, "Alerts", NotAnAlert).ConfigureAwait(false);
            return;
        }

        if (!(await AcknowledgedAsync(store, context.RequestAborted).ConfigureAwait(false)).ContainsKey(alert.Id))
        {
            var request = AuditRequestContext.From(context);
            var record = new AuditRecord
            {
                Timestamp = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
                Type = AuditEventTypes.ConsoleAlertAcknowledged,
                AgentId = alert.AgentId,
                ClientId = session.OperatorId,
                Reason = "acknowledged " + alert.Type + " via console",
                Details = alert.Id.ToString(CultureInfo.InvariantCulture),
                ClientAddress = request.ClientAddress,
                UserAgent = request.UserAgent,
                TraceId = request.TraceId,
                SpanId = request.SpanId,
            };
            try
            {
                await context.RequestServices.GetRequiredService<IAuditSink>().WriteAsync(record, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AuditUnavailableException)
            {
                context.Response.Headers.RetryAfter = "5";
                await ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status503ServiceUnavailable, "Alerts", AckUnavailable).ConfigureAwait(false);
                return;
            }
        }

        ConsoleHttp.Redirect(context, "/console/alerts#a" + alert.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Acknowledged alert ids (among the newest <see cref="AcknowledgementWindow"/> acknowledgements) and who acknowledged each.</summary>
    private static async Task<Dictionary<long, AuditRecord>> AcknowledgedAsync(IAuditStore store, CancellationToken cancellationToken)
    {
        var acknowledgements = await store.QueryAsync(new AuditQuery { Type = AuditEventTypes.ConsoleAlertAcknowledged, NewestFirst = true, Limit = AcknowledgementWindow }, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<long, AuditRecord>();
        foreach (var ack in acknowledgements)
        {
            if (long.TryParse(ack.Details, NumberStyles.None, CultureInfo.InvariantCulture, out var alertId))
            {
                result.TryAdd(alertId, ack);
            }
        }

        return result;
    }
}
