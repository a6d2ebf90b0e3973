// mandate token inspect: the RFC 8693 §4.1 act chain printed as the path the request travelled.
using System.Text.Json;
using Mandate.Cli.Inspect;
using Mandate.Protocol;

namespace Mandate.Cli.Tests;

public sealed class DelegationPathTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact(DisplayName = "RFC 8693 §4.1: newest-outermost act reads as subject → oldest actor → newest actor")]
    public void TwoActors_ReadInTravelOrder() =>
        Assert.Equal(
            "agt_ORCH (subject) → agt_SUB → agt_WORK (acting now)",
            DelegationPath.Describe(Json("""{"sub":"agt_ORCH","act":{"sub":"agt_WORK","act":{"sub":"agt_SUB"}}}""")));

    [Fact]
    public void OneActor() =>
        Assert.Equal("alice (subject) → agt_SUB (acting now)", DelegationPath.Describe(Json("""{"sub":"alice","act":{"sub":"agt_SUB"}}""")));

    [Fact]
    public void NoAct_IsNull() => Assert.Null(DelegationPath.Describe(Json("""{"sub":"agt_A"}""")));

    [Theory(DisplayName = "RFC 8693 §4.1: a malformed act is reported, not walked")]
    [InlineData("""{"sub":"agt_A","act":"agt_B"}""")]
    [InlineData("""{"act":{"iss":"x"}}""")]
    [InlineData("""{"sub":"agt_A","act":{"sub":""}}""")]
    public void MalformedChain_IsReported(string payload) =>
        Assert.StartsWith("malformed:", DelegationPath.Describe(Json(payload)));

    [Fact]
    public void ChainDeeperThanTheSharedLimit_IsReported()
    {
        Assert.EndsWith("(acting now)", DelegationPath.Describe(Json(Nested(ActorChain.MaxDepth))));
        Assert.StartsWith("malformed:", DelegationPath.Describe(Json(Nested(ActorChain.MaxDepth + 1))));
    }

    private static string Nested(int depth) =>
        """{"sub":"alice",""" + string.Concat(Enumerable.Range(0, depth).Select(i => $$"""{{(i == 0 ? "" : ",")}}"act":{"sub":"agt_{{i}}" """))
        + new string('}', depth) + "}";
}
