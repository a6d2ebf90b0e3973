// mandate token inspect: the RFC 8693 §4.1 act chain printed as the path the request travelled.
using System.Text.Json;
using Mandate.Cli.Inspect;

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

    [Theory]
    [InlineData("""{"sub":"agt_A"}""")]
    [InlineData("""{"sub":"agt_A","act":"agt_B"}""")]
    public void NoChain_IsNull(string payload) => Assert.Null(DelegationPath.Describe(Json(payload)));

    [Fact]
    public void MissingSub_ShowsQuestionMark() =>
        Assert.Equal("? (subject) → ? (acting now)", DelegationPath.Describe(Json("""{"act":{"iss":"x"}}""")));
}
