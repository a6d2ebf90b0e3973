using Mandate.Agent.ProtectedResources;

namespace Mandate.Agent.Tests.ProtectedResources;

public sealed class BearerChallengeParserTests
{
    [Fact(DisplayName = "RFC 6750 §3 / RFC 9728 §5.1: error, scope and resource_metadata are read from quoted-strings")]
    public void QuotedParameters_Read()
    {
        var parameters = BearerChallengeParser.Parse(["Bearer error=\"insufficient_scope\", scope=\"a b\", resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\""]);
        Assert.NotNull(parameters);
        Assert.Equal("insufficient_scope", parameters["error"]);
        Assert.Equal("a b", parameters["scope"]);
        Assert.Equal("https://mcp.example.com/.well-known/oauth-protected-resource/mcp", parameters["resource_metadata"]);
    }

    [Fact(DisplayName = "RFC 9110 §5.6.4: backslash escapes in quoted-strings are undone; token values and name case are accepted")]
    public void EscapesAndTokens()
    {
        var parameters = BearerChallengeParser.Parse(["bearer Realm=\"a \\\"b\\\"\", error=invalid_token"]);
        Assert.NotNull(parameters);
        Assert.Equal("a \"b\"", parameters["realm"]);
        Assert.Equal("invalid_token", parameters["ERROR"]);
    }

    [Fact(DisplayName = "RFC 9110 §11.6.1: other schemes are skipped; no Bearer challenge gives null")]
    public void OtherSchemes()
    {
        Assert.Null(BearerChallengeParser.Parse(["Basic realm=\"x\""]));
        var parameters = BearerChallengeParser.Parse(["Basic realm=\"x\"", "DPoP algs=\"ES256\", Bearer scope=\"s\""]);
        Assert.NotNull(parameters);
        Assert.Equal("s", parameters["scope"]);
    }
}
