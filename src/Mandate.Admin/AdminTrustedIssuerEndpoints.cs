// Admin API, trusted issuers (docs/delegation.md "Trusted issuers"), admin-token protected like the others:
//   POST   /admin/trusted-issuers         {name, issuer, jwks_uri | jwks, ...} -> 201 issuer | 400 invalid_request | 409 conflict
//   GET    /admin/trusted-issuers         -> [issuer...] ordered by name
//   GET    /admin/trusted-issuers/{name}  -> issuer | 404 not_found
//   DELETE /admin/trusted-issuers/{name}  -> 204 | 404 not_found
// Changes take effect on this node at once and on other nodes within TrustedIssuerOptions.RegistryRefreshInterval.
using Mandate.Protocol;
using Mandate.Server.Endpoints;
using Mandate.Server.TrustedIssuers;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Mandate.Server;

namespace Mandate.Admin;

internal static class AdminTrustedIssuerEndpoints
{
    /// <summary>The audit record type of trusted issuer changes.</summary>
    public const string AuditType = "admin.trusted_issuer";

    private static readonly OAuthError NotFound = new("not_found", "MND2870: No trusted issuer has this name.");
    private static readonly OAuthError Conflict = new("conflict", "MND2871: A trusted issuer with this name already exists.");

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        AdminRoutes.Post(endpoints, "/admin/trusted-issuers", MandateScopes.AdminTrust, CreateAsync);
        AdminRoutes.Get(endpoints, "/admin/trusted-issuers", MandateScopes.AdminRead, ListAsync);
        AdminRoutes.Get(endpoints, "/admin/trusted-issuers/{name}", MandateScopes.AdminRead, GetAsync);
        AdminRoutes.Delete(endpoints, "/admin/trusted-issuers/{name}", MandateScopes.AdminTrust, DeleteAsync);
    }

    private static async Task CreateAsync(HttpContext context, string adminClientId)
    {
        var (request, failure) = await AdminHttp.ReadAsync(context, TrustedIssuerJsonContext.Default.TrustedIssuerRequest).ConfigureAwait(false);
        if (request is null)
        {
            await failure!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var services = context.RequestServices;
        var (issuer, error) = await services.GetRequiredService<TrustedIssuerFactory>().CreateAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (issuer is null)
        {
            await AdminHttp.Invalid(error!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!await services.GetRequiredService<ITrustedIssuerStore>().TryAddAsync(issuer, CancellationToken.None).ConfigureAwait(false))
        {
            await OAuthErrorResult.WithStatus(Conflict, StatusCodes.Status409Conflict).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        services.GetRequiredService<TrustedIssuerRegistry>().Invalidate();
        Log.TrustedIssuerChanged(Logger(context), issuer.Name, issuer.Issuer, "added", adminClientId);
        await AdminAudit.WriteAsync(context, AuditType, adminClientId, "trusted issuer added: " + issuer.Name, agentId: issuer.MapsToAgentId).ConfigureAwait(false);
        await AdminHttp.WriteAsync(context, StatusCodes.Status201Created, Response(context, issuer), TrustedIssuerJsonContext.Default.TrustedIssuerResponse).ConfigureAwait(false);
    }

    private static async Task ListAsync(HttpContext context, string adminClientId)
    {
        var all = await context.RequestServices.GetRequiredService<ITrustedIssuerStore>().ListAsync(context.RequestAborted).ConfigureAwait(false);
        var response = new List<TrustedIssuerResponse>(all.Count);
        foreach (var issuer in all)
        {
            response.Add(Response(context, issuer));
        }

        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, response, TrustedIssuerJsonContext.Default.ListTrustedIssuerResponse).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext context, string adminClientId)
    {
        var name = context.Request.RouteValues["name"] as string ?? "";
        var issuer = await context.RequestServices.GetRequiredService<ITrustedIssuerStore>().GetAsync(name, context.RequestAborted).ConfigureAwait(false);
        if (issuer is null)
        {
            await OAuthErrorResult.WithStatus(NotFound, StatusCodes.Status404NotFound).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, Response(context, issuer), TrustedIssuerJsonContext.Default.TrustedIssuerResponse).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, string adminClientId)
    {
        var name = context.Request.RouteValues["name"] as string ?? "";
        var services = context.RequestServices;
        var store = services.GetRequiredService<ITrustedIssuerStore>();
        var issuer = await store.GetAsync(name, context.RequestAborted).ConfigureAwait(false);
        if (issuer is null || !await store.RemoveAsync(name, CancellationToken.None).ConfigureAwait(false))
        {
            await OAuthErrorResult.WithStatus(NotFound, StatusCodes.Status404NotFound).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        services.GetRequiredService<TrustedIssuerRegistry>().Invalidate();
        Log.TrustedIssuerChanged(Logger(context), issuer.Name, issuer.Issuer, "removed", adminClientId);
        await AdminAudit.WriteAsync(context, AuditType, adminClientId, "trusted issuer removed: " + issuer.Name, agentId: issuer.MapsToAgentId).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.Headers.CacheControl = "no-store";
    }

    private static TrustedIssuerResponse Response(HttpContext context, TrustedIssuer issuer)
    {
        var uris = context.RequestServices.GetRequiredService<IssuerUris>();
        return TrustedIssuerResponse.From(issuer, [uris.Issuer, uris.TokenEndpoint]);
    }

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Server.Admin");
}
