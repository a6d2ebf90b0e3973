// GET/POST /console/sign-in and POST /console/sign-out. The sign-in form is protected against login CSRF by
// a double-submit token (a SameSite=Strict cookie echoed in a hidden field). Every attempt is audited
// (console.sign_in, with the claimed client id and the outcome); failures count toward the failed-auth limiter.
using Mandate.Server.Audit;
using Microsoft.AspNetCore.Authentication;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Admin.Console;

internal static class ConsoleSignInEndpoints
{
    private const string SignInCookie = "mandate-console-signin";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/sign-in", ShowAsync);
        endpoints.MapPost("/console/sign-in", SignInAsync);
        endpoints.MapGet(ConsoleOidc.StartPath, StartOidcAsync);
        endpoints.MapGet(ConsoleOidc.CallbackPath, ConsoleOidc.CallbackAsync);
        endpoints.MapPost("/console/sign-out", ConsoleHttp.Action(ConsoleRole.None, (context, session, _) =>
        {
            context.RequestServices.GetRequiredService<ConsoleSessionStore>().Remove(session.Id);
            ConsoleHttp.DeleteCookie(context, ConsoleHttp.SessionCookie);
            ConsoleHttp.Redirect(context, "/console/sign-in");
            return Task.CompletedTask;
        }));
    }

    private static Task ShowAsync(HttpContext context) => ShowFormAsync(context, StatusCodes.Status200OK, null);

    private static Task ShowFormAsync(HttpContext context, int statusCode, string? error)
    {
        var oidc = Oidc(context);
        var body = (error is null ? "" : "<p class=\"notice danger\" role=\"alert\">" + ConsoleLayout.Encode(error) + "</p>")
            + (oidc.IsConfigured
                ? "<p><a class=\"button primary\" href=\"" + ConsoleOidc.StartPath + "\">Sign in with " + ConsoleLayout.Encode(oidc.DisplayName) + "</a></p>"
                : "");
        if (oidc.Only)
        {
            return ConsoleHttp.WriteHtmlAsync(context, statusCode, ConsoleLayout.Render("Sign in", null, body));
        }

        var token = ConsoleSessionStore.NewToken();
        ConsoleHttp.SetCookie(context, SignInCookie, token, TimeSpan.FromHours(1));
        body += (oidc.IsConfigured ? "<p>Or sign in" : "<p>Sign in")
            + " with the client id and secret of an agent that holds an admin scope, such as the bootstrap admin in "
            + "<code>.mandate/admin-credentials.json</code>.</p>"
            + "<form method=\"post\" action=\"/console/sign-in\">"
            + $"<input type=\"hidden\" name=\"{ConsoleHttp.AntiforgeryField}\" value=\"{ConsoleLayout.Encode(token)}\">"
            + "<label for=\"client_id\">Client id</label><input type=\"text\" id=\"client_id\" name=\"client_id\" autocomplete=\"username\" required autofocus>"
            + "<label for=\"client_secret\">Client secret</label><input type=\"password\" id=\"client_secret\" name=\"client_secret\" autocomplete=\"current-password\" required>"
            + "<div class=\"actions\"><button class=\"primary\" type=\"submit\">Sign in</button></div></form>";
        return ConsoleHttp.WriteHtmlAsync(context, statusCode, ConsoleLayout.Render("Sign in", null, body));
    }

    private static MandateConsoleOidcOptions Oidc(HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<MandateConsoleOptions>>().Value.Oidc;

    // GET /console/sign-in/oidc: sends the browser to the provider (404 when OIDC is off, 429 while blocked).
    private static async Task StartOidcAsync(HttpContext context)
    {
        if (!Oidc(context).IsConfigured)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (context.RequestServices.GetRequiredService<ConsoleSignIn>().Blocked("", context.Connection.RemoteIpAddress) is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ShowFormAsync(context, StatusCodes.Status429TooManyRequests, "MND3302: Too many failed sign-ins. Wait and try again.").ConfigureAwait(false);
            return;
        }

        await context.ChallengeAsync(ConsoleOidc.Scheme, new AuthenticationProperties { RedirectUri = "/console" }).ConfigureAwait(false);
    }

    private static async Task SignInAsync(HttpContext context)
    {
        if (Oidc(context).Only)
        {
            await ShowFormAsync(context, StatusCodes.Status400BadRequest, "MND3104: Sign-in with an admin credential is turned off here (Mandate:Console:Oidc:Only).").ConfigureAwait(false);
            return;
        }

        var form = await ConsoleHttp.ReadFormAsync(context).ConfigureAwait(false);
        var cookie = context.Request.Cookies[SignInCookie] ?? "";
        if (form is null || !ConsoleHttp.TokensMatch(form[ConsoleHttp.AntiforgeryField].ToString(), cookie))
        {
            await ShowFormAsync(context, StatusCodes.Status400BadRequest, ConsoleHttp.StaleForm).ConfigureAwait(false);
            return;
        }

        var clientId = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        var address = context.Connection.RemoteIpAddress;
        var signIn = context.RequestServices.GetRequiredService<ConsoleSignIn>();
        if (signIn.Blocked(clientId, address) is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ShowFormAsync(context, StatusCodes.Status429TooManyRequests, "MND3302: Too many failed sign-ins. Wait and try again.").ConfigureAwait(false);
            return;
        }

        var (role, reason) = await signIn.VerifyAsync(clientId, secret, address, context.RequestAborted).ConfigureAwait(false);
        await AuditAsync(context, clientId, role is null ? "failed: " + reason : "signed in").ConfigureAwait(false);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Admin.Console");
        if (role is not { } granted || granted == ConsoleRole.None)
        {
            ConsoleLog.SignInFailed(logger, Mandate.Protocol.UntrustedText.ForRecord(clientId, 256) ?? "", reason);
            await ShowFormAsync(context, StatusCodes.Status401Unauthorized, "MND3303: Sign-in failed. Check the client id and secret; the agent must be active and hold an admin scope.").ConfigureAwait(false);
            return;
        }

        var session = context.RequestServices.GetRequiredService<ConsoleSessionStore>().Create(clientId, granted);
        ConsoleLog.SignedIn(logger, clientId, granted.ToString());
        ConsoleHttp.DeleteCookie(context, SignInCookie);
        ConsoleHttp.SetCookie(context, ConsoleHttp.SessionCookie, session.Id, ConsoleHttp.SessionLifetime(context));
        ConsoleHttp.Redirect(context, "/console");
    }

    /// <summary>Writes a <c>console.sign_in</c> record naming <paramref name="clientId"/> (or the OIDC operator id) and the outcome.</summary>
    internal static async Task AuditAsync(HttpContext context, string clientId, string outcome)
    {
        var services = context.RequestServices;
        var request = AuditRequestContext.From(context);
        var record = new AuditRecord
        {
            Timestamp = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            Type = AuditEventTypes.ConsoleSignIn,
            ClientId = Mandate.Protocol.UntrustedText.ForRecord(clientId, 256),
            Reason = outcome,
            ClientAddress = request.ClientAddress,
            UserAgent = request.UserAgent,
            TraceId = request.TraceId,
            SpanId = request.SpanId,
        };
        try
        {
            await services.GetRequiredService<IAuditSink>().WriteAsync(record, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AuditUnavailableException ex)
        {
            ConsoleLog.NotAudited(services.GetRequiredService<ILoggerFactory>().CreateLogger("Mandate.Admin.Console"), ex, outcome);
        }
    }
}
