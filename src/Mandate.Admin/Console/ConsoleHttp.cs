// Request plumbing shared by the console pages: security headers on every response (strict CSP, no
// framing, no caching: pages may show a secret once), the session cookie, and the guards: Page (a live
// session, and for confirmation forms the right they lead to), Read (a live session holding the scope of the
// admin API's equivalent GET route) and Action (a live session, a form POST, a
// matching anti-forgery token and the right the action needs, from ConsoleRoles).
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mandate.Admin.Console;

internal static class ConsoleHttp
{
    public const string SessionCookie = "mandate-console";
    public const string AntiforgeryField = "_csrf";
    public const string StaleForm = "MND3300: The form is stale or was not sent by this console. Reload the page and try again.";
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static RequestDelegate Page(Func<HttpContext, ConsoleSession, Task> handler) => async context =>
    {
        var session = Session(context);
        if (session is null)
        {
            Redirect(context, "/console/sign-in");
            return;
        }

        await handler(context, session).ConfigureAwait(false);
    };

    /// <summary>A page that reads what the admin API's <c>GET <paramref name="adminRoute"/></c> reads: refused with 403 unless
    /// the operator holds that route's scope (<see cref="ConsoleReadRights"/>).</summary>
    public static RequestDelegate Read(string adminRoute, Func<HttpContext, ConsoleSession, Task> handler) => Page(async (context, session) =>
    {
        if (!session.MayRead(adminRoute))
        {
            var scope = context.RequestServices.GetRequiredService<ConsoleReadRights>().ScopeOf(adminRoute);
            await WriteMessageAsync(context, session, StatusCodes.Status403Forbidden, "Not allowed",
                string.Format(System.Globalization.CultureInfo.InvariantCulture, ConsoleRoles.Refused, scope)).ConfigureAwait(false);
            return;
        }

        await handler(context, session).ConfigureAwait(false);
    });

    /// <summary>A page that leads to an action (a confirmation or creation form): refused with 403 without <paramref name="right"/>.</summary>
    public static RequestDelegate Page(ConsoleRole right, Func<HttpContext, ConsoleSession, Task> handler) => Page(async (context, session) =>
    {
        if (!session.May(right))
        {
            await RefuseAsync(context, session, right).ConfigureAwait(false);
            return;
        }

        await handler(context, session).ConfigureAwait(false);
    });

    /// <summary>A state-changing form POST: refused with 403 (nothing changed) without <paramref name="right"/>.</summary>
    public static RequestDelegate Action(ConsoleRole right, Func<HttpContext, ConsoleSession, IFormCollection, Task> handler) => async context =>
    {
        var session = Session(context);
        if (session is null)
        {
            Redirect(context, "/console/sign-in");
            return;
        }

        var form = await ReadFormAsync(context).ConfigureAwait(false);
        if (form is null || !TokensMatch(form[AntiforgeryField].ToString(), session.AntiforgeryToken))
        {
            await WriteMessageAsync(context, session, StatusCodes.Status400BadRequest, "Form refused", StaleForm).ConfigureAwait(false);
            return;
        }

        if (!session.May(right))
        {
            await RefuseAsync(context, session, right).ConfigureAwait(false);
            return;
        }

        await handler(context, session, form).ConfigureAwait(false);
    };

    public static Task RefuseAsync(HttpContext context, ConsoleSession session, ConsoleRole right) =>
        WriteMessageAsync(context, session, StatusCodes.Status403Forbidden, "Not allowed",
            string.Format(System.Globalization.CultureInfo.InvariantCulture, ConsoleRoles.Refused, ConsoleRoles.Scope(right)));

    public static ConsoleSession? Session(HttpContext context) =>
        context.RequestServices.GetRequiredService<ConsoleSessionStore>().Find(context.Request.Cookies[SessionCookie]);

    public static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return null;
        }
    }

    public static bool TokensMatch(string presented, string expected) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    public static void SetCookie(HttpContext context, string name, string value, TimeSpan? maxAge) =>
        context.Response.Cookies.Append(name, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/console",
            MaxAge = maxAge,
            IsEssential = true,
        });

    public static void DeleteCookie(HttpContext context, string name) =>
        context.Response.Cookies.Delete(name, new CookieOptions { Path = "/console", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Strict, HttpOnly = true });

    public static TimeSpan SessionLifetime(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<MandateConsoleOptions>>().Value.SessionLifetime;

    public static void Redirect(HttpContext context, string location)
    {
        SecurityHeaders(context.Response);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    public static Task WriteHtmlAsync(HttpContext context, int statusCode, string html)
    {
        var response = context.Response;
        SecurityHeaders(response);
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(html, context.RequestAborted);
    }

    public static Task WriteMessageAsync(HttpContext context, ConsoleSession? session, int statusCode, string title, string message) =>
        WriteHtmlAsync(context, statusCode, ConsoleLayout.Render(title, session, "<p class=\"notice\">" + ConsoleLayout.Encode(message) + "</p>"));

    public static void SecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }
}
