// A tool API protected by Mandate access tokens (RFC 9068), the resource-server half of the agent samples.
//
//   dotnet run --project samples/Mandate.Samples.Api -- --urls http://127.0.0.1:5080 \
//       --issuer http://127.0.0.1:5000 --audience http://127.0.0.1:5080
//
// "--issuer" and "--audience" are read by the command-line configuration provider as the keys "issuer" and
// "audience" (environment variables ISSUER / AUDIENCE or appsettings work too). Optional "--jwks-refresh-cooldown 00:00:01":
// the least time between two fetches of the issuer's keys (default 30 s), which bounds how soon a token signed by a
// key this API has not seen yet is accepted after the key starts signing.
// Every protected request is logged as a usage event (UsageLogSink); OTLP export is on when
// OTEL_EXPORTER_OTLP_ENDPOINT (or Mandate:Telemetry:OtlpEndpoint) is set (docs/observability.md).
using Mandate.ResourceServer;
using Mandate.ResourceServer.Authorization;
using Mandate.ResourceServer.Metadata;
using Mandate.ResourceServer.Usage;

var builder = WebApplication.CreateBuilder(args);
var issuer = builder.Configuration["issuer"]
    ?? throw new InvalidOperationException("Pass --issuer <authorization server URL>.");
var audience = builder.Configuration["audience"]
    ?? throw new InvalidOperationException("Pass --audience <this API's resource URI>.");

// A token sent as ?access_token=... must not reach the request log line of ASP.NET Core's hosting layer.
builder.Logging.KeepAccessTokensOutOfRequestLogs();

builder.Services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme)
    .AddMandateBearer(options =>
    {
        options.Issuer = issuer;
        options.Audience = audience;
        // http is tolerated only for local runs: in Development or against an issuer on loopback.
        options.AllowHttpIssuer = builder.Environment.IsDevelopment() || IsLoopback(issuer);
        options.ResourceMetadata.ScopesSupported.Add(ToolScopes.Read);
        options.ResourceMetadata.ScopesSupported.Add(ToolScopes.Write);
        options.ResourceMetadata.ScopesSupported.Add(ToolScopes.Admin);
        options.ResourceMetadata.ResourceName = "Mandate sample tool API";
        // Revoked tokens are refused within seconds: the deny list follows the issuer's revocation feed (SSE).
        options.UseRevocationFeed = true;
        if (builder.Configuration["jwks-refresh-cooldown"] is { } cooldown)
        {
            options.JwksRefreshCooldown = TimeSpan.Parse(cooldown, System.Globalization.CultureInfo.InvariantCulture);
        }
    });
builder.Services.AddAuthorization(options => options.AddPolicy("admin", policy => policy.RequireScope(ToolScopes.Admin)));
builder.Services.AddMandateUsageSink<UsageLogSink>();
SampleTelemetry.AddOtlpWhenConfigured(builder.Services, builder.Configuration, "mandate-sample-api");

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
app.MapMandateProtectedResourceMetadata();

app.MapGet("/api/tools", (HttpContext context) => Results.Ok(new
{
    agent = context.GetMandateToken()!.AgentId,
    tools = new[] { "search", "summarize", "deploy" },
})).RequireScope(ToolScopes.Read);

app.MapPost("/api/tools/run", (HttpContext context) =>
{
    var token = context.GetMandateToken()!;
    return Results.Ok(new
    {
        ran = true,
        agent = token.AgentId,
        client_id = token.ClientId,
        // RFC 8693 §4.1: outermost (current) actor first.
        acting_for = token.Actors.Select(a => a.Subject),
        scopes = token.Scopes.Order(StringComparer.Ordinal),
        // The path the request travelled: the subject, then the actors from the first to the current one.
        chain = string.Join(" → ", token.Actors.Reverse().Select(a => a.Subject).Prepend(token.AgentId)),
    });
}).RequireScope(ToolScopes.Write);

app.MapGet("/api/admin", (HttpContext context) => Results.Ok(new { admin = context.GetMandateToken()!.AgentId }))
    .RequireAuthorization("admin");

app.Run();

static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

/// <summary>The scopes this API understands.</summary>
internal static class ToolScopes
{
    public const string Read = "tools:read";
    public const string Write = "tools:write";
    public const string Admin = "tools:admin";
}
