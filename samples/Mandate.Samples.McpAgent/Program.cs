// An autonomous agent using an MCP server protected by Mandate, with the official C# MCP client over streamable HTTP.
//
//   export MANDATE_CLIENT_ID=agt_... MANDATE_CLIENT_SECRET=mnd_...      # or MANDATE_PRIVATE_KEY_FILE=key.jwk
//   dotnet run --project samples/Mandate.Samples.McpAgent -- --mcp http://127.0.0.1:5082/mcp [--scope notes:read] [--note "text"]
//
// Only the MCP URL and the agent's credentials are configured. The first request gets 401 with resource_metadata;
// MandateResourceTokenHandler reads the RFC 9728 metadata, finds the issuer, gets a token for the MCP server's URL and
// retries. The agent lists the tools, calls list_notes, then add_note: if its token lacks notes:write the server
// answers 403 insufficient_scope and the handler steps up (asks Mandate for notes:write too). Mandate grants it only
// when the agent's policy allows it. One line per step on stdout; exit code 0 when every call succeeded, 3 when
// add_note stayed refused, 1 on any other failure.
using Mandate.Agent.ProtectedResources;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

const string Usage = "usage: Mandate.Samples.McpAgent [--mcp URL] [--scope SCOPES] [--note TEXT]";
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine($"""
        {Usage}

        An agent that finds Mandate from an MCP server's RFC 9728 metadata, lists its tools, calls list_notes and
        add_note (stepping up to notes:write when refused), and prints one line per step.

          --mcp URL        the MCP endpoint; default http://127.0.0.1:5082/mcp
          --scope SCOPES   scopes of the first token; default the agent's default scopes
          --note TEXT      the note add_note writes

        Credentials from the environment: MANDATE_CLIENT_ID and MANDATE_CLIENT_SECRET, or MANDATE_PRIVATE_KEY_FILE.
        Exit codes: 0 every call succeeded; 1 a call failed; 2 bad arguments or no credentials; 3 add_note stayed refused.
        """);
    return 0;
}

for (var i = 0; i < args.Length; i += 2)
{
    if (args[i] is not ("--mcp" or "--scope" or "--note") || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"error: unknown argument or missing value: '{args[i]}'. {Usage}");
        return 2;
    }
}

if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MANDATE_CLIENT_ID"))
    || (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MANDATE_CLIENT_SECRET")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MANDATE_PRIVATE_KEY_FILE"))))
{
    Console.Error.WriteLine($"error: set MANDATE_CLIENT_ID and MANDATE_CLIENT_SECRET (or MANDATE_PRIVATE_KEY_FILE) to the agent's credentials. {Usage}");
    return 2;
}

var mcpUrl = Argument(args, "--mcp") ?? "http://127.0.0.1:5082/mcp";
var note = Argument(args, "--note") ?? "hello from the MCP agent";
var options = new MandateResourceTokenOptions
{
    ClientId = Environment.GetEnvironmentVariable("MANDATE_CLIENT_ID"),
    ClientSecret = Environment.GetEnvironmentVariable("MANDATE_CLIENT_SECRET"),
    Scope = Argument(args, "--scope"),
    PrivateKeyJwk = Environment.GetEnvironmentVariable("MANDATE_PRIVATE_KEY_FILE") is { } file ? File.ReadAllText(file) : null,
};

try
{
    using var tokenHttp = new HttpClient();
    using var handler = new MandateResourceTokenHandler(options, tokenHttp) { InnerHandler = new SocketsHttpHandler() };
    using var mcpHttp = new HttpClient(handler, disposeHandler: false);
    var transport = new HttpClientTransport(
        new HttpClientTransportOptions { Endpoint = new Uri(mcpUrl), TransportMode = HttpTransportMode.StreamableHttp, Name = "mandate-mcp-agent" },
        mcpHttp, loggerFactory: null, ownsHttpClient: false);
    await using var client = await McpClient.CreateAsync(transport);
    Console.WriteLine("issuer: " + handler.Issuer);

    var tools = await client.ListToolsAsync();
    Console.WriteLine("tools: " + string.Join(",", tools.Select(static t => t.Name).Order(StringComparer.Ordinal)));
    Console.WriteLine("list_notes: " + Text(await client.CallToolAsync("list_notes")));

    try
    {
        var added = await client.CallToolAsync("add_note", new Dictionary<string, object?> { ["text"] = note });
        Console.WriteLine("add_note: " + Text(added));
    }
    catch (HttpRequestException exception) when (exception.StatusCode == System.Net.HttpStatusCode.Forbidden)
    {
        Console.WriteLine("add_note: refused (403 insufficient_scope)");
        return 3;
    }

    Console.WriteLine("list_notes: " + Text(await client.CallToolAsync("list_notes")));
    Console.WriteLine("scope: " + handler.Scope);
    return 0;
}
catch (Exception exception) when (exception is HttpRequestException or McpException or Mandate.Agent.MandateTokenException or ArgumentException)
{
    Console.Error.WriteLine("mcp agent: " + exception.Message);
    return 1;
}

static string Text(CallToolResult result) =>
    (result.IsError == true ? "error: " : "") + string.Join(" ", result.Content.OfType<TextContentBlock>().Select(static c => c.Text));

static string? Argument(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
