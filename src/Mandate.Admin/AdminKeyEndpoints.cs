// Admin API, signing keys (architecture §4):
//   GET  /admin/keys  -> [{kid, alg, state, created_at, activated_at, retired_at}]
//   POST /admin/keys  {jwk: private JWK, activate: bool} -> 201 key | 400 | 409 (kid exists)
//   POST /admin/keys/rotate       -> 201 the new pending key (activated after KeyPropagationDelay by the schedule)
//   POST /admin/keys/{kid}/revoke -> 200 [keys...] | 404: emergency; unpublished at once, pushed through the revocation feed
// Never returns private key material.
using System.Text;
using Mandate.Jose.Jwk;
using Mandate.Protocol;
using Mandate.Server.Endpoints;
using Mandate.Server.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using Mandate.Server;

namespace Mandate.Admin;

internal static class AdminKeyEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        AdminRoutes.Get(endpoints, "/admin/keys", MandateScopes.AdminRead, ListAsync);
        AdminRoutes.Post(endpoints, "/admin/keys", MandateScopes.AdminKeys, ImportAsync);
        AdminRoutes.Post(endpoints, "/admin/keys/rotate", MandateScopes.AdminKeys, RotateAsync);
        AdminRoutes.Post(endpoints, "/admin/keys/{kid}/revoke", MandateScopes.AdminKeys, RevokeAsync);
    }

    private static async Task RotateAsync(HttpContext context, string adminClientId)
    {
        var record = await Ring(context).AddPendingAsync(context.RequestAborted).ConfigureAwait(false);
        await AdminAudit.WriteAsync(context, Storage.AuditEventTypes.KeyChanged, adminClientId, "generated (rotation requested)", keyId: record.KeyId).ConfigureAwait(false);
        await AdminHttp.WriteAsync(context, StatusCodes.Status201Created, KeyResponse.From(record), AdminJsonContext.Default.KeyResponse).ConfigureAwait(false);
    }

    private static async Task RevokeAsync(HttpContext context, string adminClientId)
    {
        var kid = context.Request.RouteValues["kid"] as string ?? "";
        if (!await Ring(context).RevokeAsync(kid, CancellationToken.None).ConfigureAwait(false))
        {
            await OAuthErrorResult.WithStatus(new OAuthError("not_found", "MND2603: No signing key with this kid can be revoked."), StatusCodes.Status404NotFound).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        Log.SigningKeyRevoked(context.RequestServices.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SigningKeyRing>>(), kid, adminClientId);
        await context.RequestServices.GetRequiredService<Mandate.Server.Revocation.RevocationService>().RevokeKeyAsync(kid, adminClientId, CancellationToken.None).ConfigureAwait(false);
        await ListAsync(context, adminClientId).ConfigureAwait(false);
    }

    private static async Task ListAsync(HttpContext context, string adminClientId)
    {
        var records = await Ring(context).ListAsync(context.RequestAborted).ConfigureAwait(false);
        var response = new List<KeyResponse>(records.Count);
        foreach (var record in records)
        {
            response.Add(KeyResponse.From(record));
        }

        await AdminHttp.WriteAsync(context, StatusCodes.Status200OK, response, AdminJsonContext.Default.ListKeyResponse).ConfigureAwait(false);
    }

    private static async Task ImportAsync(HttpContext context, string adminClientId)
    {
        var (request, failure) = await AdminHttp.ReadAsync(context, AdminJsonContext.Default.ImportKeyRequest).ConfigureAwait(false);
        if (request is null)
        {
            await failure!.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (request.Jwk is not { ValueKind: System.Text.Json.JsonValueKind.Object } element
            || !JsonWebKey.TryParse(Encoding.UTF8.GetBytes(element.GetRawText()), out var jwk, out _) || jwk is null)
        {
            await AdminHttp.Invalid("MND2610: jwk must be a JSON Web Key object.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!SigningKeyImport.TryCreate(jwk, out var key, out var error))
        {
            await AdminHttp.Invalid("MND2611: " + error).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (key)
        {
            // FAPI 2.0 Security Profile §5.4.1: with the profile on, the server signs with PS256 or ES256 only.
            if (!context.RequestServices.GetRequiredService<Mandate.Server.Fapi2.Fapi2Profile>().Allows(key!.Algorithm.Name))
            {
                await AdminHttp.Invalid("MND3553: This server runs the FAPI 2.0 profile: signing keys must be ES256 or PS256.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            var record = await Ring(context).ImportAsync(key!, request.Activate, context.RequestAborted).ConfigureAwait(false);
            if (record is null)
            {
                await OAuthErrorResult.WithStatus(new OAuthError("conflict", "MND2612: A key with this kid already exists."), StatusCodes.Status409Conflict).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await AdminAudit.WriteAsync(context, Storage.AuditEventTypes.KeyChanged, adminClientId, request.Activate ? "imported and activated" : "imported", keyId: record.KeyId).ConfigureAwait(false);
            await AdminHttp.WriteAsync(context, StatusCodes.Status201Created, KeyResponse.From(record), AdminJsonContext.Default.KeyResponse).ConfigureAwait(false);
        }
    }

    private static SigningKeyRing Ring(HttpContext context) => context.RequestServices.GetRequiredService<SigningKeyRing>();
}
