using Mandate.ResourceServer;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>A small API on 127.0.0.1:0 with <c>GET /api/tools</c> behind some bearer configuration.</summary>
public sealed class ProtectedApi : IAsyncDisposable
{
    /// <summary>The protected path.</summary>
    public const string Path = "/api/tools";

    private readonly WebApplication _app;

    private ProtectedApi(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The API's base URL (also its resource identifier / audience).</summary>
    public string Url { get; }

    /// <summary>A correctly configured API: Mandate.ResourceServer's AddMandateBearer.</summary>
    public static Task<ProtectedApi> StartMandateBearerAsync(string issuer, int port) => StartAsync(port, (services, url) =>
        services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(o =>
        {
            o.Issuer = issuer;
            o.Audience = url;
            o.AllowHttpIssuer = true;
        }));

    /// <summary>An API that requires DPoP (RFC 9449 §7) everywhere, with API nonces (§9) when <paramref name="requireNonce"/>.</summary>
    public static Task<ProtectedApi> StartMandateDpopAsync(string issuer, int port, bool requireNonce = false) => StartAsync(port, (services, url) =>
        services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(o =>
        {
            o.Issuer = issuer;
            o.Audience = url;
            o.AllowHttpIssuer = true;
            o.Dpop.RequireDPoP = true;
            o.Dpop.RequireNonce = requireNonce;
        }));

    /// <summary>A correctly configured API that also checks every token in the issuer's Token Status List.</summary>
    public static Task<ProtectedApi> StartMandateBearerWithStatusListAsync(string issuer, int port) => StartAsync(port, (services, url) =>
        services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(o =>
        {
            o.Issuer = issuer;
            o.Audience = url;
            o.AllowHttpIssuer = true;
            o.UseStatusList = true;
        }));

    /// <summary>A misconfigured API: ASP.NET Core JwtBearer with audience validation turned off.</summary>
    public static Task<ProtectedApi> StartJwtBearerWithoutAudienceCheckAsync(string issuer, int port) => StartAsync(port, (services, _) =>
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.Authority = issuer;
            o.RequireHttpsMetadata = false;
            o.MapInboundClaims = false;
            o.TokenValidationParameters.ValidateAudience = false;
        }));

    /// <summary>A broken API that lets in any request with an Authorization header.</summary>
    public static Task<ProtectedApi> StartAcceptingAnyAuthorizationAsync(int port) => StartAsync(port, null);

    /// <summary>Accepts any Authorization, but answers 500 when the token's header is not UTF-8 Unicode (a fragile parser).</summary>
    public static Task<ProtectedApi> StartFailingOnNonUnicodeHeaderAsync(int port) => StartAsync(port, null, failOnNonUnicode: true);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<ProtectedApi> StartAsync(int port, Action<IServiceCollection, string>? configureAuthentication, bool failOnNonUnicode = false)
    {
        string url = $"http://127.0.0.1:{port}";
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        if (configureAuthentication is not null)
        {
            configureAuthentication(builder.Services, url);
            builder.Services.AddAuthorization();
        }

        WebApplication app = builder.Build();
        if (configureAuthentication is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet(Path, () => Results.Ok(new { tools = new[] { "search" } })).RequireAuthorization();
        }
        else
        {
            app.MapGet(Path, (HttpRequest request) =>
                failOnNonUnicode && !HeaderIsUnicode(request.Headers.Authorization.ToString()) ? Results.StatusCode(500)
                : request.Headers.Authorization.Count > 0 ? Results.Ok() : Results.Unauthorized());
        }

        await app.StartAsync();
        return new ProtectedApi(app, url);
    }

    private static bool HeaderIsUnicode(string authorization)
    {
        string token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : authorization;
        int dot = token.IndexOf('.');
        return dot < 0 || !Mandate.Jose.Base64Url.TryDecode(token.AsSpan(0, dot), out byte[] header)
            || (System.Text.Unicode.Utf8.IsValid(header) && !System.Text.Encoding.UTF8.GetString(header).Contains("\\ud8", StringComparison.Ordinal));
    }
}
