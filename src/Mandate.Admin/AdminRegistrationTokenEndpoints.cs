// Admin API, initial access tokens of dynamic client registration (RFC 7591 §3; docs/mcp.md "Dynamic client registration"):
//   POST /admin/registration-tokens               -> 201 token record + "token" (shown once; stored as a keyed hash)
//   GET  /admin/registration-tokens               -> [token record...] (never the value)
//   POST /admin/registration-tokens/{id}/revoke   -> token record | 404 not_found | 409 conflict (already revoked)
// Revoking stops new registrations; clients already registered keep working (suspend or decommission them as agents).
using Mandate.Protocol;
using Mandate.Server.Registration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Mandate.Server;

namespace Mandate.Admin;

internal static class AdminRegistrationTokenEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        AdminRoutes.Post(endpoints, "/admin/registration-tokens", MandateScopes.AdminTrust, CreateAsync);
        AdminRoutes.Get(endpoints, "/admin/registration-tokens", MandateScopes.AdminRead, ListAsync);
        AdminRoutes.Post(endpoints, "/admin/registration-tokens/{id}/revoke", MandateScopes.AdminTrust, RevokeAsync);
    }

    private static async Task CreateAsync(HttpContext context, string adminClientId)
    {
        var (request, failure) = await AdminHttp.ReadAsync(context, AdminJsonContext.Default.CreateInitialAccessTokenRequest).ConfigureAwait(false);
        if (request is null)
        {
            await failure!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var (token, value, error) = await Service(context).CreateAsync(new InitialAccessTokenRequest
        {
            Scopes = request.Scopes,
            Audiences = request.Audiences,
            GrantTypes = request.GrantTypes,
            Owner = request.Owner,
            ExpiresInSeconds = request.ExpiresInSeconds,
            MaxUses = request.MaxUses,
        }, adminClientId, context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            await AdminHttp.WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        await RecordAsync(context, adminClientId, token!.Id, "created").ConfigureAwait(false);
        context.Response.Headers.Location = "/admin/registration-tokens/" + token.Id;
        await AdminHttp.WriteAsync(context, StatusCodes.Status201Created, InitialAccessTokenResponse.From(token, value), AdminJsonContext.Default.InitialAccessTokenResponse).ConfigureAwait(false);
    }

    private static async Task ListAsync(HttpContext context, string adminClientId)
    {
        var tokens = await Service(context).ListAsync(context.RequestAborted).ConfigureAwait(false);
        var response = tokens.Select(static t => InitialAccessTokenResponse.From(t)).ToList();
        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, response, AdminJsonContext.Default.ListInitialAccessTokenResponse).ConfigureAwait(false);
    }

    private static async Task RevokeAsync(HttpContext context, string adminClientId)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        var (token, error) = await Service(context).RevokeAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            await AdminHttp.WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        await RecordAsync(context, adminClientId, token!.Id, "revoked").ConfigureAwait(false);
        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, InitialAccessTokenResponse.From(token), AdminJsonContext.Default.InitialAccessTokenResponse).ConfigureAwait(false);
    }

    // Audited as an admin change whose reason names the token: "initial-access-token created iat_…".
    private static Task RecordAsync(HttpContext context, string adminClientId, string tokenId, string action)
    {
        Log.InitialAccessTokenChanged(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Server.Admin"), tokenId, action, adminClientId);
        return AdminAudit.WriteAsync(context, Storage.AuditEventTypes.AdminAgentChanged, adminClientId, "initial-access-token " + action + " " + tokenId);
    }

    private static InitialAccessTokenService Service(HttpContext context) => context.RequestServices.GetRequiredService<InitialAccessTokenService>();
}
