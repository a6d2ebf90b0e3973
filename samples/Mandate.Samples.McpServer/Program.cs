// An MCP server (official C# SDK, streamable HTTP at /mcp) protected by Mandate access tokens, with per-tool scopes.
//
//   dotnet run --project samples/Mandate.Samples.McpServer -- --urls http://127.0.0.1:5082 --server http://127.0.0.1:5080
//
// "--server" is the Mandate server (default $MANDATE_SERVER; "--issuer" is a deprecated alias). --help prints the usage;
// an unknown or incomplete argument is one line on stderr and exit code 2.
//
// The token audience is the server's canonical MCP URL: "--resource", else the first "--urls" address + "/mcp".
// Unauthenticated requests get 401 with resource_metadata (RFC 9728 §5.1); the metadata document names the issuer
// and the scopes. list_notes and read_note need notes:read; add_note also needs notes:write, so a read-only token
// gets 403 insufficient_scope with scope="notes:read notes:write" (step-up).
using Mandate.ResourceServer;
using Mandate.ResourceServer.Metadata;
using Mandate.ResourceServer.ModelContextProtocol;
using Mandate.Samples.McpServer;

const string Usage = "usage: Mandate.Samples.McpServer [--server URL] [--urls URL] [--resource URI]";
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine($"""
        {Usage}

        An MCP server (streamable HTTP at /mcp) protected by Mandate access tokens: list_notes and read_note need
        notes:read, add_note also notes:write.

          --server URL     the Mandate server; default $MANDATE_SERVER (--issuer is a deprecated alias)
          --urls URL       listen address; default http://127.0.0.1:5082
          --resource URI   this server's resource URI, the aud its tokens must carry; default the --urls address + /mcp
        """);
    return 0;
}

string[] known = ["--server", "--issuer", "--urls", "--resource"];
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
if (issuer is null || !Uri.TryCreate(issuer, UriKind.Absolute, out _))
{
    Console.Error.WriteLine($"error: {(issuer is null ? "--server <Mandate server URL> is required (or set MANDATE_SERVER)." : "--server must be an absolute URL.")} {Usage}");
    return 2;
}

if (builder.Configuration["issuer"] is not null && builder.Configuration["server"] is null)
{
    Console.Error.WriteLine("warning: --issuer is deprecated; use --server (same meaning)");
}

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
return 0;

static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
