// Admin API, RFC 9396 authorization details types per agent (kept in their own store, not on the agent record):
//   GET /admin/agents/{id}/authorization-details-types -> {"types":[{"type","fields","allowed_values"?}]} | 404
//   PUT /admin/agents/{id}/authorization-details-types {"types":[...]} -> the stored document | 400 | 404
// PUT replaces the agent's whole list ({"types":[]} removes all). Each type must be one of
// AuthorizationDetailsOptions.TypesSupported; fields are distinct names other than "type"; allowed_values maps
// some of those fields to non-empty lists of string values.
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.AuthorizationDetails;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Mandate.Server;

namespace Mandate.Admin;

internal static class AdminAuthorizationDetailsEndpoints
{
    private const string Route = "/admin/agents/{id}/authorization-details-types";
    private const int MaxTypes = 32;
    private const int MaxFields = 64;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        AdminRoutes.Get(endpoints, Route, MandateScopes.AdminRead, GetAsync);
        AdminRoutes.Put(endpoints, Route, MandateScopes.AdminTrust, PutAsync);
    }

    private static async Task GetAsync(HttpContext context, string adminClientId)
    {
        var id = Id(context);
        if (await FindAgentAsync(context, id).ConfigureAwait(false) is null)
        {
            await AdminHttp.WriteErrorAsync(context, AgentError.NotFound).ConfigureAwait(false);
            return;
        }

        var types = await Store(context).GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, types).ConfigureAwait(false);
    }

    private static async Task PutAsync(HttpContext context, string adminClientId)
    {
        var (request, failure) = await AdminHttp.ReadAsync(context, AuthorizationDetailsJsonContext.Default.AuthorizationDetailTypesDocument).ConfigureAwait(false);
        if (request is null)
        {
            await failure!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var id = Id(context);
        if (await FindAgentAsync(context, id).ConfigureAwait(false) is null)
        {
            await AdminHttp.WriteErrorAsync(context, AgentError.NotFound).ConfigureAwait(false);
            return;
        }

        var supported = context.RequestServices.GetRequiredService<IOptions<AuthorizationDetailsOptions>>().Value.TypesSupported;
        var (types, error) = Convert(request, supported);
        if (types is null)
        {
            await AdminHttp.Invalid(error!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await Store(context).SetAsync(id, types, context.RequestAborted).ConfigureAwait(false);
        Log.AgentChanged(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Server.Admin"), id, "authorization-details-types set", adminClientId);
        await AdminAudit.WriteAsync(context, AuditEventTypes.AdminAgentChanged, adminClientId, "authorization-details-types set", id).ConfigureAwait(false);
        await WriteAsync(context, await Store(context).GetAsync(id, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static (List<AuthorizationDetailType>? Types, string? Error) Convert(AuthorizationDetailTypesDocument request, ICollection<string> supported)
    {
        if (request.Types is not { Count: <= MaxTypes } documents)
        {
            return (null, $"MND2770: types is required and holds at most {MaxTypes} entries.");
        }

        var types = new List<AuthorizationDetailType>(documents.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (document?.Type is not { } type || !supported.Contains(type) || !seen.Add(type))
            {
                return (null, "MND2771: each type must be listed once and be one of the server's authorization_details_types_supported.");
            }

            var fields = document.Fields ?? [];
            var fieldSet = new HashSet<string>(StringComparer.Ordinal);
            if (fields.Count is 0 or > MaxFields || fields.Any(f => string.IsNullOrWhiteSpace(f) || f == "type" || f.Length > AuthorizationDetailsRules.MaxNameLength || !fieldSet.Add(f)))
            {
                return (null, $"MND2772: fields must hold 1 to {MaxFields} distinct names other than \"type\".");
            }

            var allowed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (field, values) in document.AllowedValues ?? [])
            {
                if (!fieldSet.Contains(field) || values is not { Count: > 0 } || values.Any(v => v is null))
                {
                    return (null, "MND2773: allowed_values may only name registered fields, each with a non-empty list of strings.");
                }

                allowed[field] = [.. values];
            }

            types.Add(new AuthorizationDetailType { Type = type, Fields = [.. fields], AllowedValues = allowed });
        }

        return (types, null);
    }

    private static Task WriteAsync(HttpContext context, IReadOnlyList<AuthorizationDetailType> types)
    {
        var document = new AuthorizationDetailTypesDocument
        {
            Types = [.. types.Select(t => new AuthorizationDetailTypeDocument
            {
                Type = t.Type,
                Fields = [.. t.Fields],
                AllowedValues = t.AllowedValues.Count == 0 ? null : t.AllowedValues.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal),
            })],
        };
        return AdminHttp.WriteAsync(context, StatusCodes.Status200OK, document, AuthorizationDetailsJsonContext.Default.AuthorizationDetailTypesDocument);
    }

    private static async Task<Agent?> FindAgentAsync(HttpContext context, string id) =>
        (await context.RequestServices.GetRequiredService<AgentService>().GetAsync(id, context.RequestAborted).ConfigureAwait(false)).Agent;

    private static IAuthorizationDetailTypeStore Store(HttpContext context) => context.RequestServices.GetRequiredService<IAuthorizationDetailTypeStore>();

    private static string Id(HttpContext context) => context.Request.RouteValues["id"] as string ?? "";
}
