// The signing keys page: GET /console/keys lists every key with its timeline and the next scheduled rotation;
// GET /console/keys/confirm-rotate + POST /console/keys/rotate add a pending key now, and
// GET /console/keys/{kid}/confirm-revoke + POST /console/keys/{kid}/revoke withdraw a key in an emergency.
// Both actions need the keys right (mandate:keys or mandate:admin), go through SigningKeyRing and
// RevocationService as POST /admin/keys/rotate and /admin/keys/{kid}/revoke do, and are audited with the operator.
using Mandate.Server;
using Mandate.Server.Keys;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Admin.Console;

internal static class ConsoleKeyPages
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/keys", ConsoleHttp.Read(ConsoleNavigation.RouteOf("/console/keys"), ListAsync));
        endpoints.MapGet("/console/keys/confirm-rotate", ConsoleHttp.Page(ConsoleRole.Keys, (context, session) =>
            ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Rotate the signing key?", session, ConsoleKeyView.ConfirmRotate(session, Options(context))))));
        endpoints.MapPost("/console/keys/rotate", ConsoleHttp.Action(ConsoleRole.Keys, RotateAsync));
        endpoints.MapGet("/console/keys/{kid}/confirm-revoke", ConsoleHttp.Page(ConsoleRole.Keys, ConfirmRevokeAsync));
        endpoints.MapPost("/console/keys/{kid}/revoke", ConsoleHttp.Action(ConsoleRole.Keys, RevokeAsync));
    }

    private static async Task ListAsync(HttpContext context, ConsoleSession session)
    {
        var keys = await Ring(context).ListAsync(context.RequestAborted).ConfigureAwait(false);
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK,
            ConsoleLayout.Render("Signing keys", session, ConsoleKeyView.List(keys, session, Options(context), now))).ConfigureAwait(false);
    }

    private static async Task RotateAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var record = await Ring(context).AddPendingAsync(CancellationToken.None).ConfigureAwait(false);
        await AdminAudit.WriteAsync(context, AuditEventTypes.KeyChanged, session.OperatorId, "generated (rotation requested via console)", keyId: record.KeyId).ConfigureAwait(false);
        ConsoleHttp.Redirect(context, "/console/keys#k-" + Uri.EscapeDataString(record.KeyId));
    }

    private static async Task ConfirmRevokeAsync(HttpContext context, ConsoleSession session)
    {
        var key = await FindRevocableAsync(context).ConfigureAwait(false);
        if (key is null)
        {
            await NotRevocableAsync(context, session).ConfigureAwait(false);
            return;
        }

        await ConsoleHttp.WriteHtmlAsync(context, StatusCodes.Status200OK, ConsoleLayout.Render("Revoke signing key?", session, ConsoleKeyView.ConfirmRevoke(session, key))).ConfigureAwait(false);
    }

    private static async Task RevokeAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var kid = context.Request.RouteValues["kid"] as string ?? "";
        if (await FindRevocableAsync(context).ConfigureAwait(false) is null || !await Ring(context).RevokeAsync(kid, CancellationToken.None).ConfigureAwait(false))
        {
            await NotRevocableAsync(context, session).ConfigureAwait(false);
            return;
        }

        Log.SigningKeyRevoked(context.RequestServices.GetRequiredService<ILogger<SigningKeyRing>>(), kid, session.OperatorId);
        await context.RequestServices.GetRequiredService<RevocationService>().RevokeKeyAsync(kid, session.OperatorId, CancellationToken.None).ConfigureAwait(false);
        await AdminAudit.WriteAsync(context, AuditEventTypes.KeyChanged, session.OperatorId, "revoked (emergency, via console)", keyId: kid).ConfigureAwait(false);
        ConsoleHttp.Redirect(context, "/console/keys");
    }

    private static async Task<SigningKeyRecord?> FindRevocableAsync(HttpContext context)
    {
        var kid = context.Request.RouteValues["kid"] as string ?? "";
        var keys = await Ring(context).ListAsync(context.RequestAborted).ConfigureAwait(false);
        return keys.FirstOrDefault(key => string.Equals(key.KeyId, kid, StringComparison.Ordinal) && ConsoleKeyView.Revocable(key.State));
    }

    private static Task NotRevocableAsync(HttpContext context, ConsoleSession session) =>
        ConsoleHttp.WriteMessageAsync(context, session, StatusCodes.Status404NotFound, "Signing keys",
            "MND3800: No signing key with this kid can be revoked (unknown, already revoked or removed). Go back to the list of signing keys.");

    private static SigningKeyRing Ring(HttpContext context) => context.RequestServices.GetRequiredService<SigningKeyRing>();

    private static MandateServerOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<MandateServerOptions>>().Value;
}
