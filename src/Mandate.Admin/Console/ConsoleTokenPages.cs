// GET /console/tokens (find by jti), GET /console/tokens/{jti} (the token's delegation chain and what was derived
// from it), GET /console/tokens/{jti}/confirm-revoke (what a revocation will cascade to) and
// POST /console/tokens/{jti}/revoke (through RevocationService, as POST /revoke does; audited with the operator).
using System.Text;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Admin.Console;

internal static class ConsoleTokenPages
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/tokens", ConsoleHttp.Read(ConsoleNavigation.RouteOf("/console/tokens"), FindAsync));
        endpoints.MapGet("/console/tokens/{jti}", ConsoleHttp.Read(ConsoleNavigation.RouteOf("/console/tokens/{jti}"), ShowAsync));
        endpoints.MapGet("/console/tokens/{jti}/confirm-revoke", ConsoleHttp.Page(ConsoleRole.Agents, ConfirmAsync));
        endpoints.MapPost("/console/tokens/{jti}/revoke", ConsoleHttp.Action(ConsoleRole.Agents, RevokeAsync));
    }

    private static Task FindAsync(HttpContext context, ConsoleSession session)
    {
        var jti = context.Request.Query["jti"].ToString().Trim();
        if (jti.Length > 0)
        {
            ConsoleHttp.Redirect(context, "/console/tokens/" + Uri.EscapeDataString(jti));
            return Task.CompletedTask;
        }

        return ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Find a token", session, SearchForm()
            + "<p class=\"muted\">Paste a token's <code>jti</code> (from an agent page, the audit trail or <code>mandate token inspect</code>) to see its delegation chain and the tokens derived from it.</p>"));
    }

    private static async Task ShowAsync(HttpContext context, ConsoleSession session)
    {
        var (token, chain) = await LoadAsync(context).ConfigureAwait(false);
        if (token is null || chain is null)
        {
            await NotFoundAsync(context, session).ConfigureAwait(false);
            return;
        }

        var revocations = context.RequestServices.GetRequiredService<RevocationList>();
        var now = context.RequestServices.GetRequiredService<ConsoleAuditReader>().Now;
        var body = new StringBuilder(ConsoleChainView.Render(chain, revocations, now));
        if (session.May(ConsoleRole.Agents) && !ConsoleChainView.IsRevokedOrExpired(revocations, token, now))
        {
            body.Append("<div class=\"actions\"><a class=\"danger\" href=\"/console/tokens/").Append(Uri.EscapeDataString(token.TokenId!))
                .Append("/confirm-revoke\">Revoke this token…</a></div>");
        }

        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Token " + token.TokenId, session, body.ToString())).ConfigureAwait(false);
    }

    private static async Task ConfirmAsync(HttpContext context, ConsoleSession session)
    {
        var (token, chain) = await LoadAsync(context).ConfigureAwait(false);
        if (token is null || chain is null)
        {
            await NotFoundAsync(context, session).ConfigureAwait(false);
            return;
        }

        var jti = Uri.EscapeDataString(token.TokenId!);
        var body = new StringBuilder("<p class=\"notice\">Revoking is final: this token and every token derived from it stop working at once, on every server sharing the store and at every resource server following the revocation feed.</p>")
            .Append("<h2>Will be revoked</h2><ul class=\"revoke-list\"><li>").Append(ConsoleAgentActivity.TokenLink(token.TokenId)).Append(" (this token)</li>");
        foreach (var hop in chain.Derived)
        {
            body.Append("<li>").Append(ConsoleAgentActivity.TokenLink(hop.Jti)).Append(" derived, held by ").Append(ConsoleLayout.Encode(hop.Record?.AgentId ?? "an agent no longer in the audit window")).Append("</li>");
        }

        body.Append("</ul><div class=\"actions\"><form class=\"inline\" method=\"post\" action=\"/console/tokens/").Append(jti).Append("/revoke\">")
            .Append(ConsoleLayout.Antiforgery(session)).Append("<button class=\"destructive\" type=\"submit\">Revoke ")
            .Append(chain.Derived.Count == 0 ? "1 token" : (chain.Derived.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " tokens")
            .Append("</button></form><a href=\"/console/tokens/").Append(jti).Append("\">Cancel</a></div>");
        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Revoke token?", session, body.ToString())).ConfigureAwait(false);
    }

    private static async Task RevokeAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var jti = context.Request.RouteValues["jti"] as string ?? "";
        var services = context.RequestServices;
        var token = await services.GetRequiredService<ConsoleAuditReader>().FindIssuedAsync(jti, context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            await NotFoundAsync(context, session).ConfigureAwait(false);
            return;
        }

        // Until its exp, as POST /revoke does (RFC 7009 §2.1); the cascade to derived tokens happens inside.
        var expiresAt = token.Timestamp.AddSeconds(token.LifetimeSeconds ?? 0);
        await services.GetRequiredService<RevocationService>().RevokeTokenAsync(jti, expiresAt, session.OperatorId, CancellationToken.None).ConfigureAwait(false);
        ConsoleLog.TokenRevoked(services.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Admin.Console"), session.OperatorId, jti);
        await AdminAudit.WriteAsync(context, AuditEventTypes.AdminAgentChanged, session.OperatorId, "revoked token " + jti + " and its derived tokens via console", token.AgentId).ConfigureAwait(false);
        ConsoleHttp.Redirect(context, "/console/tokens/" + Uri.EscapeDataString(jti));
    }

    private static async Task<(AuditRecord? Token, ConsoleChain? Chain)> LoadAsync(HttpContext context)
    {
        var jti = context.Request.RouteValues["jti"] as string ?? "";
        var services = context.RequestServices;
        var reader = services.GetRequiredService<ConsoleAuditReader>();
        var token = await reader.FindIssuedAsync(jti, context.RequestAborted).ConfigureAwait(false);
        return token is null
            ? (null, null)
            : (token, await ConsoleChain.LoadAsync(reader, services.GetRequiredService<DelegationRegistry>(), token, context.RequestAborted).ConfigureAwait(false));
    }

    private static Task NotFoundAsync(HttpContext context, ConsoleSession session) =>
        ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status404NotFound, ConsoleLayout.Render("Token not found", session,
            "<p class=\"notice\">No token with this jti among the newest " + ConsoleAuditReader.TokenLookupWindow.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            + " issued tokens in the audit trail. Check the jti, or search the audit trail with <code>mandate audit</code>.</p>" + SearchForm()));

    private static string SearchForm() =>
        "<form method=\"get\" action=\"/console/tokens\" role=\"search\"><label for=\"jti\">Token id (jti)</label>"
        + "<input type=\"search\" id=\"jti\" name=\"jti\" autocomplete=\"off\"><div class=\"actions\"><button type=\"submit\">Show chain</button></div></form>";
}
