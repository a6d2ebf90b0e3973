using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// MCP with real processes: <c>mandate serve</c>, samples/Mandate.Samples.McpServer (official C# SDK) and
/// samples/Mandate.Samples.McpAgent (official C# MCP client over streamable HTTP), the agent configured with the MCP
/// URL and its credentials only.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class McpSampleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private MandateServer _server = null!;
    private SampleMcpServer _mcp = null!;

    public async Task InitializeAsync()
    {
        _server = await MandateServer.StartAsync(output.WriteLine);
        _mcp = await SampleMcpServer.StartAsync(_server.Url, _server.WorkingDirectory, output.WriteLine);
    }

    public async Task DisposeAsync()
    {
        await _mcp.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact(DisplayName = "MCP: the agent discovers Mandate from the 401, uses read tools, and steps up to notes:write for add_note")]
    public async Task Agent_DiscoversAndStepsUp()
    {
        var agent = await _server.CreateAgentAsync("mcp-writer", "notes:read notes:write", _mcp.McpUrl, "--default-scope", "notes:read");

        var (exitCode, lines, errors) = await _mcp.RunAgentAsync(agent, _server.WorkingDirectory, output.WriteLine);

        Assert.True(exitCode == 0, $"exit {exitCode}: {errors}\n{string.Join('\n', lines)}");
        Assert.Contains("issuer: " + _server.Url + "/", lines);
        Assert.Contains("tools: add_note,list_notes,read_note", lines);
        Assert.Contains("add_note: 1", lines);
        Assert.Contains("list_notes: 1", lines);
        // RFC 6750 §3.1 step-up: the read-only default token was widened with the scope the 403 named.
        Assert.Contains("scope: notes:read notes:write", lines);
    }

    [Fact(DisplayName = "MCP: an agent whose policy lacks notes:write stays refused (403 insufficient_scope) on add_note, read tools work")]
    public async Task Agent_WithoutWriteScope_Refused()
    {
        var agent = await _server.CreateAgentAsync("mcp-reader", "notes:read", _mcp.McpUrl, "--default-scope", "notes:read");

        var (exitCode, lines, errors) = await _mcp.RunAgentAsync(agent, _server.WorkingDirectory, output.WriteLine);

        Assert.True(exitCode == 3, $"exit {exitCode}: {errors}\n{string.Join('\n', lines)}");
        Assert.Contains("list_notes: ", lines);
        Assert.Contains("add_note: refused (403 insufficient_scope)", lines);
    }

    [Fact(DisplayName = "MCP / RFC 9728 §5.1: 401 names resource_metadata; a token for another audience is refused; 403 names the scope to request")]
    public async Task McpServer_WireShape()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        const string AddNote = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_note","arguments":{"text":"x"}}}""";

        using (var anonymous = await PostAsync(http, AddNote, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            var challenge = Assert.Single(anonymous.Headers.WwwAuthenticate).ToString();
            Assert.Contains($"resource_metadata=\"{_mcp.Url}/.well-known/oauth-protected-resource/mcp\"", challenge, StringComparison.Ordinal);
        }

        var metadata = await http.GetStringAsync(_mcp.Url + "/.well-known/oauth-protected-resource/mcp");
        Assert.Contains($"\"resource\":\"{_mcp.McpUrl}\"", metadata, StringComparison.Ordinal);
        Assert.Contains($"\"authorization_servers\":[\"{_server.Url}\"]", metadata, StringComparison.Ordinal);
        Assert.Contains("\"scopes_supported\":[\"notes:read\",\"notes:write\"]", metadata, StringComparison.Ordinal);

        // RFC 8707 / MCP: a token issued for another resource is not accepted by this MCP server.
        var elsewhere = await _server.CreateAgentAsync("elsewhere", "notes:read notes:write", "https://api.example.test");
        var foreign = await _server.GetAccessTokenAsync(elsewhere, "notes:read notes:write", "https://api.example.test");
        using (var wrongAudience = await PostAsync(http, AddNote, foreign))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience.StatusCode);
            Assert.Contains("error=\"invalid_token\"", Assert.Single(wrongAudience.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
        }

        var reader = await _server.CreateAgentAsync("reader", "notes:read", _mcp.McpUrl);
        var readOnly = await _server.GetAccessTokenAsync(reader, "notes:read", _mcp.McpUrl);
        using (var forbidden = await PostAsync(http, AddNote, readOnly))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            var challenge = Assert.Single(forbidden.Headers.WwwAuthenticate).ToString();
            Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
            Assert.Contains("scope=\"notes:read notes:write\"", challenge, StringComparison.Ordinal);
            Assert.Contains("resource_metadata=", challenge, StringComparison.Ordinal);
        }
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient http, string json, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _mcp.McpUrl) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }
}
