// Per-method and per-tool scopes on an MCP endpoint (UseMandateMcpScopes + RequireMandateMcpScopes), over real HTTP.
using System.Net;
using System.Text;
using Mandate.ResourceServer.ModelContextProtocol;
using Mandate.ResourceServer.Tests.Infrastructure;

namespace Mandate.ResourceServer.Tests;

public sealed class McpScopeTests : ResourceServerTestBase
{
    private const string CallSearch = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","arguments":{}}}""";
    private const string CallDeploy = """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"deploy","arguments":{}}}""";

    private async Task<HttpResponseMessage> PostAsync(string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await Api.Client.SendAsync(request);
    }

    [Fact(DisplayName = "RFC 9728 §5.1: an MCP request without a token gets 401 with resource_metadata")]
    public async Task NoToken_401()
    {
        using var response = await PostAsync(CallSearch, null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer resource_metadata=\"{Api.MetadataUrl}\"", Challenge(response));
    }

    [Fact(DisplayName = "MCP: a tool call within the token's scopes reaches the server with the body unchanged")]
    public async Task Allowed_BodyPassedOn()
    {
        using var response = await PostAsync(CallSearch, ValidToken("tools:read"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CallSearch, await response.Content.ReadAsStringAsync());
    }

    [Fact(DisplayName = "RFC 6750 §3.1 / MCP step-up: a tool needing more scopes gets 403 insufficient_scope naming every scope the call needs")]
    public async Task ToolScope_Forbidden()
    {
        using var response = await PostAsync(CallDeploy, ValidToken("tools:read tools:write"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Bearer error=\"insufficient_scope\", scope=\"tools:read tools:write tools:deploy\", resource_metadata=\"{Api.MetadataUrl}\"", Challenge(response));
    }

    [Fact(DisplayName = "MCP: the method's scope applies to every tool call")]
    public async Task MethodScope_Forbidden()
    {
        using var response = await PostAsync(CallSearch, ValidToken("tools:write"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("scope=\"tools:read\"", Challenge(response), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "MCP: a batch needs the scopes of all its calls")]
    public async Task Batch_AllScopes()
    {
        using var response = await PostAsync("[" + CallSearch + "," + CallDeploy + "]", ValidToken("tools:read"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory(DisplayName = "MCP: duplicate member names are refused, so the tool checked is the tool run")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search","name":"deploy"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/list","method":"tools/call","params":{"name":"deploy"}}""")]
    public async Task DuplicateMembers_Refused(string body)
    {
        using var response = await PostAsync(body, ValidToken("tools:read"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("-32700", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "MCP: a tools/call without params.name is refused, not treated as an unlisted tool")]
    public async Task ToolCallWithoutName_Refused()
    {
        using var response = await PostAsync("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{}}""", ValidToken("tools:read"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact(DisplayName = "MCP: a body over MaxRequestBytes gets 413")]
    public async Task Oversized_413()
    {
        var body = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"search\",\"arguments\":{\"q\":\"" + new string('x', 1024 * 1024) + "\"}}}";
        using var response = await PostAsync(body, ValidToken("tools:read"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact(DisplayName = "MCP: scopes must be valid scope-tokens, and AllScopes lists them for the resource metadata")]
    public void Options_Validated()
    {
        var options = new MandateMcpScopeOptions().RequireScopeForTool("b", "x:write").RequireScopeForMethod("tools/list", "x:read");
        Assert.Equal(["x:read", "x:write"], options.AllScopes());
        Assert.Throws<ArgumentException>(() => options.RequireScopeForTool("c", "two words"));
        Assert.Throws<ArgumentException>(() => options.RequireScopeForTool("c"));
    }
}
