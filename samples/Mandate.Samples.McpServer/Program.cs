// An MCP server (official C# SDK, streamable HTTP at /mcp) protected by Mandate access tokens, with per-tool scopes.
//
//   dotnet run --project samples/Mandate.Samples.McpServer -- --urls http://127.0.0.1:5082 --issuer http://127.0.0.1:5080
//
// The token audience is the server's canonical MCP URL: "--resource", else the first "--urls" address + "/mcp".
// Unauthenticated requests get 401 with resource_metadata (RFC 9728 §5.1); the metadata document names the issuer
// and the scopes. list_notes and read_note need notes:read; add_note also needs notes:write, so a read-only token
// gets 403 insufficient_scope with scope="notes:read notes:write" (step-up).
using Mandate.ResourceServer;
using Mandate.ResourceServer.Metadata;
using Mandate.ResourceServer.ModelContextProtocol;
using Mandate.Samples.McpServer;

var builder = WebApplication.CreateBuilder(args);
var issuer = builder.Configuration["issuer"]
    ?? throw new InvalidOperationException("Pass --issuer <authorization server URL>.");
var urls = builder.Configuration["urls"] ?? "http://127.0.0.1:5082";
var resource = builder.Configuration["resource"] ?? urls.Split(';')[0].TrimEnd('/') + "/mcp";

var scopes = new Action<MandateMcpScopeOptions>(s => s
    .RequireScopeForMethod("tools/list", NoteScopes.Read)
    .RequireScopeForMethod("tools/call", NoteScopes.Read)
    .RequireScopeForTool(NoteTools.AddNoteName, NoteScopes.Write));

builder.Services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme)
    .AddMandateBearer(options =>
    {
        options.Issuer = issuer;
        options.Audience = resource;
        // http is tolerated only for local runs: in Development or against an issuer on loopback.
        options.AllowHttpIssuer = builder.Environment.IsDevelopment() || IsLoopback(issuer);
        options.ResourceMetadata.ScopesSupported.Add(NoteScopes.Read);
        options.ResourceMetadata.ScopesSupported.Add(NoteScopes.Write);
        options.ResourceMetadata.ResourceName = "Mandate sample MCP server";
    });
builder.Services.AddAuthorization();
builder.Services.AddSingleton<NoteBook>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddMcpServer()
    .WithHttpTransport(options => options.Stateless = true)
    .WithTools<NoteTools>();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseMandateMcpScopes();

app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
app.MapMandateProtectedResourceMetadata();
app.MapMcp("/mcp").RequireMandateMcpScopes(scopes);

app.Run();

static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
