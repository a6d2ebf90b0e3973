// Console sign-in through an external OpenID Connect provider with ASP.NET Core's OpenIdConnect handler: the
// authorization code flow (OpenID Connect Core 1.0 §3.1) with PKCE (RFC 7636, S256), nonce and state checked by the
// handler, the ID token's issuer, audience, signature (the provider's JWKS) and lifetime validated by it. The
// provider answers with response_mode=query, a top-level cross-site GET, so the handler's correlation and nonce
// cookies are SameSite=Lax (a SameSite=Strict cookie would not come back); the console then issues its own
// SameSite=Strict session cookie. The handler never signs anyone in itself: ConsoleOidcEvents turns the validated
// ticket into a console session and ends the request.
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Mandate.Admin.Console;

internal static class ConsoleOidc
{
    public const string Scheme = "MandateConsoleOidc";
    public const string StartPath = "/console/sign-in/oidc";
    public const string CallbackPath = "/console/sign-in/oidc/callback";
    public const string TicketScheme = "MandateConsoleOidcTicket";

    private static readonly string[] DefaultScopes = ["profile", "email"];

    public static void Add(IServiceCollection services)
    {
        // The schemes exist only when OIDC is configured: the host's authentication middleware asks every request
        // handler scheme about every request, and an unconfigured OpenIdConnect handler would fail each of them.
        services.AddAuthentication();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.TryAddTransient<OpenIdConnectHandler>();
        services.TryAddTransient<ConsoleOidcTicketHandler>();
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<MandateConsoleOptions>>((authentication, console) =>
        {
            if (console.Value.Oidc.IsConfigured && !authentication.SchemeMap.ContainsKey(Scheme))
            {
                authentication.AddScheme(Scheme, scheme => scheme.HandlerType = typeof(OpenIdConnectHandler));
                authentication.AddScheme(TicketScheme, scheme => scheme.HandlerType = typeof(ConsoleOidcTicketHandler));
            }
        });
        services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<MandateConsoleOptions>, TimeProvider>((options, console, timeProvider) =>
            Configure(options, console.Value.Oidc, timeProvider));
    }

    private static void Configure(OpenIdConnectOptions options, MandateConsoleOidcOptions oidc, TimeProvider timeProvider)
    {
        if (!oidc.IsConfigured)
        {
            return;
        }

        options.Authority = oidc.Authority!.AbsoluteUri;
        options.ClientId = oidc.ClientId;
        options.ClientSecret = oidc.ClientSecret;
        options.RequireHttpsMetadata = oidc.RequireHttpsMetadata ?? !oidc.IsLoopbackAuthority;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.Scope.Clear();
        options.Scope.Add(OpenIdConnectScope.OpenId);
        foreach (var scope in oidc.Scopes.Count == 0 ? DefaultScopes : oidc.Scopes)
        {
            options.Scope.Add(scope);
        }

        options.CallbackPath = CallbackPath;
        options.SignInScheme = TicketScheme;
        options.MapInboundClaims = false;
        options.SaveTokens = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.DisableTelemetry = true;
        options.TimeProvider = timeProvider;
        options.TokenValidationParameters.NameClaimType = "name";
        foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.HttpOnly = true;
        }

        options.Events = new OpenIdConnectEvents
        {
            OnTicketReceived = ConsoleOidcEvents.TicketReceivedAsync,
            OnRemoteFailure = ConsoleOidcEvents.RemoteFailureAsync,
        };
    }

    /// <summary>Hands the callback request to the handler (no authentication middleware needed); 404 when OIDC is off.</summary>
    public static async Task CallbackAsync(HttpContext context)
    {
        var oidc = context.RequestServices.GetRequiredService<IOptions<MandateConsoleOptions>>().Value.Oidc;
        var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
        if (!oidc.IsConfigured || await handlers.GetHandlerAsync(context, Scheme).ConfigureAwait(false) is not IAuthenticationRequestHandler handler
            || !await handler.HandleRequestAsync().ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
