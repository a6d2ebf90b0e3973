// What the console does with the OpenIdConnect handler's outcome. A validated ID token becomes a console session
// when a value of its role claim is mapped (MandateConsoleOidcOptions.RoleMappings); the operator is recorded as
// oidc:<sub>@<issuer host> in the session, so every console action's audit record names that identity. A failure at
// the provider or in the handler (state, nonce, issuer, signature) and a user with no mapped role are refused with a
// page, audited as console.sign_in and counted by the failed-authentication limiter like a wrong credential.
using System.Security.Claims;
using Mandate.Server.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Admin.Console;

internal static class ConsoleOidcEvents
{
    public const string Failed = "MND3102: Sign-in through {0} failed. Start again from the sign-in page.";
    public const string NoRole = "MND3103: Your account at {0} holds no console role. Ask an administrator to map one of your groups in Mandate:Console:Oidc:RoleMappings.";

    public static async Task TicketReceivedAsync(TicketReceivedContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var oidc = Options(http);
        var principal = context.Principal ?? new ClaimsPrincipal();
        var subject = principal.FindFirst("sub");
        var operatorId = OperatorId(subject);
        var role = Role(principal, oidc);
        var logger = Logger(http);
        if (role == ConsoleRole.None)
        {
            await RefuseAsync(http, operatorId, "no mapped role", StatusCodes.Status403Forbidden, Format(NoRole, oidc)).ConfigureAwait(false);
            return;
        }

        var name = principal.FindFirst("name")?.Value ?? principal.FindFirst("email")?.Value;
        var session = http.RequestServices.GetRequiredService<ConsoleSessionStore>()
            .Create(operatorId, role, Mandate.Protocol.UntrustedText.ForRecord(name, 128));
        await ConsoleSignInEndpoints.AuditAsync(http, operatorId, "signed in").ConfigureAwait(false);
        ConsoleLog.SignedIn(logger, operatorId, role.ToString());
        ConsoleHttp.SetCookie(http, ConsoleHttp.SessionCookie, session.Id, ConsoleHttp.SessionLifetime(http));
        ConsoleHttp.Redirect(http, "/console");
    }

    public static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        ConsoleLog.OidcFailed(Logger(http), context.Failure?.GetType().Name ?? "unknown", Mandate.Protocol.UntrustedText.ForRecord(context.Failure?.Message, 512) ?? "");
        await RefuseAsync(http, "oidc:unknown", "failed: " + (Mandate.Protocol.UntrustedText.ForRecord(context.Failure?.Message, 200) ?? "unknown"),
            StatusCodes.Status401Unauthorized, Format(Failed, Options(http))).ConfigureAwait(false);
    }

    /// <summary><c>oidc:&lt;sub&gt;@&lt;issuer host&gt;</c>, from the <c>sub</c> claim and the issuer the handler validated.</summary>
    public static string OperatorId(Claim? subject) =>
        "oidc:" + (Mandate.Protocol.UntrustedText.ForRecord(subject?.Value, 200) ?? "unknown") + "@"
        + (Uri.TryCreate(subject?.Issuer, UriKind.Absolute, out var issuer) ? issuer.Authority : Mandate.Protocol.UntrustedText.ForRecord(subject?.Issuer, 200));

    /// <summary>The rights granted by the principal's role claim values (exact, ordinal match).</summary>
    public static ConsoleRole Role(ClaimsPrincipal principal, MandateConsoleOidcOptions oidc)
    {
        var values = principal.FindAll(oidc.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var role = ConsoleRole.None;
        foreach (var mapping in oidc.RoleMappings.Where(m => values.Contains(m.Value)))
        {
            foreach (var name in mapping.Roles)
            {
                role |= ConsoleRoles.FromName(name) ?? ConsoleRole.None;
            }
        }

        return role;
    }

    private static async Task RefuseAsync(HttpContext http, string operatorId, string reason, int status, string message)
    {
        var limiter = http.RequestServices.GetRequiredService<FailedAuthenticationLimiter>();
        await limiter.RecordFailureAsync(null, http.Connection.RemoteIpAddress, http.RequestAborted).ConfigureAwait(false);
        await ConsoleSignInEndpoints.AuditAsync(http, operatorId, reason.StartsWith("failed", StringComparison.Ordinal) ? reason : "failed: " + reason).ConfigureAwait(false);
        ConsoleLog.SignInFailed(Logger(http), operatorId, reason);
        await ConsoleHttp.WriteMessageAsync(http, null, status, "Sign-in refused", message).ConfigureAwait(false);
    }

    private static string Format(string template, MandateConsoleOidcOptions oidc) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, oidc.DisplayName);

    private static MandateConsoleOidcOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<MandateConsoleOptions>>().Value.Oidc;

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Admin.Console");
}
