// A tool API protected by Mandate access tokens (RFC 9068), the resource-server half of the agent samples.
//
//   dotnet run --project samples/Mandate.Samples.Api -- --urls http://127.0.0.1:5000 \
//       --server http://127.0.0.1:5080 --audience https://api.example.test
//
// "--server" (the Mandate server, default $MANDATE_SERVER; "--issuer" is a deprecated alias) and "--audience" are
// read by the command-line configuration provider (appsettings keys "server" and "audience" work too). --help prints
// the usage; a missing or malformed value is one line on stderr and exit code 2. Optional "--jwks-refresh-cooldown 00:00:01":
// the least time between two fetches of the issuer's keys (default 30 s), which bounds how soon a token signed by a
// key this API has not seen yet is accepted after the key starts signing. Optional "--require-dpop true": every
// protected endpoint accepts only DPoP-bound tokens with a valid proof (RFC 9449 §7); by default Bearer and DPoP
// are both accepted, and /api/tools/dpop requires DPoP in either mode.
// Every protected request is logged as a usage event (UsageLogSink); OTLP export is on when
// OTEL_EXPORTER_OTLP_ENDPOINT (or Mandate:Telemetry:OtlpEndpoint) is set (docs/observability.md).
using Mandate.ResourceServer;
using Mandate.ResourceServer.Authorization;
using Mandate.ResourceServer.Dpop;
using Mandate.ResourceServer.Metadata;
using Mandate.ResourceServer.Usage;

const string Usage = "usage: Mandate.Samples.Api --audience URI [--server URL] [--urls URL] [--jwks-refresh-cooldown 00:00:01] [--require-dpop true]";
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine($"""
        {Usage}

        A tool API protected by Mandate access tokens: GET /api/tools (scope tools:read), POST /api/tools/run
        (tools:write), GET /api/admin (tools:admin), GET /api/tools/dpop (tools:read, DPoP only), GET /health.

          --audience URI                 this API's resource URI, the aud its tokens must carry (required)
          --server URL                   the Mandate server; default $MANDATE_SERVER (--issuer is a deprecated alias)
          --urls URL                     listen address (ASP.NET Core's default: http://localhost:5000)
          --jwks-refresh-cooldown T      least time between two fetches of the server's keys (default 00:00:30)
          --require-dpop true|false      accept only DPoP-bound tokens (RFC 9449) on every endpoint (default false)
        """);
    return 0;
}

string[] known = ["--audience", "--server", "--issuer", "--urls", "--jwks-refresh-cooldown", "--require-dpop"];
for (var i = 0; i < args.Length; i += 2)
{
    if (!known.Contains(args[i]) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"error: unknown argument or missing value: '{args[i]}'. {Usage}");
        return 2;
    }
}

var builder = WebApplication.CreateBuilder(args);
var issuer = builder.Configuration["server"] ?? Environment.GetEnvironmentVariable("MANDATE_SERVER") ?? builder.Configuration["issuer"];
var audience = builder.Configuration["audience"];
TimeSpan? cooldown = null;
if (builder.Configuration["jwks-refresh-cooldown"] is { } cooldownText)
{
    cooldown = TimeSpan.TryParse(cooldownText, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero ? parsed : TimeSpan.Zero;
}

var requireDpopText = builder.Configuration["require-dpop"];
var requireDpop = string.Equals(requireDpopText, "true", StringComparison.OrdinalIgnoreCase);
var problem = (issuer, audience) switch
{
    _ when requireDpopText is not null && !requireDpop && !string.Equals(requireDpopText, "false", StringComparison.OrdinalIgnoreCase)
        => "--require-dpop must be true or false.",
    (null, _) => "--server <Mandate server URL> is required (or set MANDATE_SERVER).",
    _ when !Uri.TryCreate(issuer, UriKind.Absolute, out _) => "--server must be an absolute URL.",
    (_, null) => "--audience <this API's resource URI> is required.",
    _ when cooldown == TimeSpan.Zero => "--jwks-refresh-cooldown must be a positive time such as 00:00:01.",
    _ => null,
};
if (problem is not null)
{
    Console.Error.WriteLine($"error: {problem} {Usage}");
    return 2;
}

if (builder.Configuration["issuer"] is not null && builder.Configuration["server"] is null)
{
    Console.Error.WriteLine("warning: --issuer is deprecated; use --server (same meaning)");
}

// A token sent as ?access_token=... must not reach the request log line of ASP.NET Core's hosting layer.
builder.Logging.KeepAccessTokensOutOfRequestLogs();

builder.Services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme)
    .AddMandateBearer(options =>
    {
        options.Issuer = issuer!;
        options.Audience = audience!;
        // http is tolerated only for local runs: in Development or against an issuer on loopback.
        options.AllowHttpIssuer = builder.Environment.IsDevelopment() || IsLoopback(issuer!);
        options.ResourceMetadata.ScopesSupported.Add(ToolScopes.Read);
        options.ResourceMetadata.ScopesSupported.Add(ToolScopes.Write);
        options.ResourceMetadata.ScopesSupported.Add(ToolScopes.Admin);
        options.ResourceMetadata.ResourceName = "Mandate sample tool API";
        // Revoked tokens are refused within seconds: the deny list follows the issuer's revocation feed (SSE).
        options.UseRevocationFeed = true;
        // RFC 9449 §7: DPoP is always accepted beside Bearer; with --require-dpop true, Bearer is refused everywhere.
        options.Dpop.RequireDPoP = requireDpop;
        if (cooldown is { } refreshCooldown)
        {
            options.JwksRefreshCooldown = refreshCooldown;
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

// DPoP only, whatever --require-dpop says: a bound token with a fresh proof from its key (RFC 9449 §7.1).
app.MapGet("/api/tools/dpop", (HttpContext context) => Results.Ok(new
{
    agent = context.GetMandateToken()!.AgentId,
    bound_to = context.GetMandateToken()!.ConfirmationThumbprint,
    tools = new[] { "search", "summarize", "deploy" },
})).RequireScope(ToolScopes.Read).RequireDPoP();

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
return 0;

static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

/// <summary>The scopes this API understands.</summary>
internal static class ToolScopes
{
    public const string Read = "tools:read";
    public const string Write = "tools:write";
    public const string Admin = "tools:admin";
}
