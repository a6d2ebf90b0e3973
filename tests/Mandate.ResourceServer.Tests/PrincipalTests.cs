// RFC 9068 §2.2 claims as issued (no claim-type mapping) and the RFC 8693 §4.1 act chain as a typed list.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Jose;
using Mandate.ResourceServer.Tests.Infrastructure;

namespace Mandate.ResourceServer.Tests;

public sealed class PrincipalTests : ResourceServerTestBase
{
    [Fact(DisplayName = "RFC 9068 §2.2: claims arrive exactly as issued, with no type mapping")]
    public async Task Claims_NotRenamed()
    {
        var claims = Claims();
        claims["tenant"] = "acme";
        claims["aud"] = new JsonArray(TestTokens.Audience, "https://second.example.test");
        var body = await GetToolsAsync(TestTokens.Sign(Key, claims));

        var types = body.GetProperty("claims").EnumerateArray().Select(c => c[0].GetString()).ToList();
        Assert.Contains("sub", types);
        Assert.Contains("scope", types);
        Assert.Contains("client_id", types);
        Assert.Contains("tenant", types);
        Assert.DoesNotContain(types, t => t!.StartsWith("http://schemas.", StringComparison.Ordinal));
        Assert.Equal("tools:read tools:write", Claim(body, "scope"));
        Assert.Equal(2, types.Count(t => t == "aud"));
        Assert.Equal(TestTokens.AgentId, body.GetProperty("name").GetString());
    }

    [Fact(DisplayName = "RFC 9068 §2.2: GetMandateToken exposes the typed token")]
    public async Task TypedToken_Exposed()
    {
        var claims = Claims();
        var body = await GetToolsAsync(TestTokens.Sign(Key, claims));
        var token = body.GetProperty("token");
        Assert.Equal(TestTokens.AgentId, token.GetProperty("agentId").GetString());
        Assert.Equal(TestTokens.AgentId, token.GetProperty("clientId").GetString());
        Assert.Equal(Issuer.Issuer, token.GetProperty("issuer").GetString());
        Assert.Equal(claims["jti"]!.GetValue<string>(), token.GetProperty("jwtId").GetString());
        Assert.Equal(["tools:read", "tools:write"], token.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Order());
        Assert.Equal([TestTokens.Audience], token.GetProperty("audiences").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(Now.AddMinutes(5).ToUnixTimeSeconds(), token.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Empty(token.GetProperty("actors").EnumerateArray());
    }

    [Fact(DisplayName = "RFC 8693 §4.1: the act chain is parsed outermost (current actor) first")]
    public async Task ActChain_Parsed()
    {
        var claims = Claims();
        claims["act"] = new JsonObject
        {
            ["sub"] = "agt_current",
            ["client_id"] = "agt_current",
            ["act"] = new JsonObject { ["sub"] = "agt_prior", ["iss"] = "https://other-issuer.example.test" },
        };
        var body = await GetToolsAsync(TestTokens.Sign(Key, claims));

        var actors = body.GetProperty("token").GetProperty("actors").EnumerateArray().ToList();
        Assert.Equal(2, actors.Count);
        Assert.Equal("agt_current", actors[0].GetProperty("subject").GetString());
        Assert.Equal("agt_current", actors[0].GetProperty("clientId").GetString());
        Assert.Equal("agt_prior", actors[1].GetProperty("subject").GetString());
        Assert.Equal("https://other-issuer.example.test", actors[1].GetProperty("issuer").GetString());

        // The raw claim stays available as JSON, under its own name.
        var act = body.GetProperty("claims").EnumerateArray().Single(c => c[0].GetString() == "act");
        Assert.Equal("JSON", act[2].GetString());
        Assert.Equal("agt_current", JsonDocument.Parse(act[1].GetString()!).RootElement.GetProperty("sub").GetString());
    }

    [Theory(DisplayName = "RFC 8693 §4.1: a malformed act claim rejects the token")]
    [InlineData("\"agt_x\"")]
    [InlineData("{}")]
    [InlineData("{\"sub\":1}")]
    [InlineData("{\"sub\":\"a\",\"act\":[]}")]
    [InlineData("{\"sub\":\"a\",\"iss\":false}")]
    public async Task MalformedAct_Rejected(string act)
    {
        var claims = Claims();
        claims["act"] = JsonNode.Parse(act);
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.InvalidClaim);
    }

    [Fact(DisplayName = "RFC 8693 §4.1: a delegation chain deeper than the shared ActorChain.MaxDepth is rejected")]
    public async Task DeepAct_Rejected()
    {
        JsonObject act = new() { ["sub"] = "agt_0" };
        for (var i = 1; i <= Mandate.Protocol.ActorChain.MaxDepth; i++)
        {
            act = new JsonObject { ["sub"] = "agt_" + i, ["act"] = act };
        }

        var claims = Claims();
        claims["act"] = act;
        await AssertRejectedAsync(TestTokens.Sign(Key, claims), JoseErrorCode.InvalidClaim);
    }

    private async Task<JsonElement> GetToolsAsync(string token)
    {
        using var response = await Api.GetAsync("/api/tools", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string? Claim(JsonElement body, string type) =>
        body.GetProperty("claims").EnumerateArray().Single(c => c[0].GetString() == type)[1].GetString();
}
