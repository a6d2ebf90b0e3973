// RFC 9396 authorization_details on the resource server: the claim's shape (§2) and the RequireAuthorizationDetail
// requirement. The end-to-end check with a token minted by a running Mandate server is
// Mandate.Server.IntegrationTests/Delegation/AuthorizationDetailsHttpTests.ResourceServer_DecidesOnDetails.
using System.Security.Claims;
using System.Text.Json;
using Mandate.ResourceServer.Authorization;
using Mandate.ResourceServer.Validation;
using Microsoft.AspNetCore.Authorization;

namespace Mandate.ResourceServer.Tests.Authorization;

public sealed class AuthorizationDetailRequirementTests
{
    private static readonly DateTimeOffset Now0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<MandateAuthorizationDetail> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(AuthorizationDetailsReader.TryRead(document.RootElement, out var details));
        return details;
    }

    private static ClaimsPrincipal Principal(string? detailsJson)
    {
        var token = new MandateAccessToken
        {
            AgentId = "agt_A", ClientId = "agt_A", Issuer = "https://auth.example.com",
            Scopes = new HashSet<string>(), Audiences = ["https://api.example.com"], JwtId = "j",
            ExpiresAt = Now0.AddMinutes(5), IssuedAt = Now0, Actors = [],
            AuthorizationDetails = detailsJson is null ? [] : Read(detailsJson),
        };
        return new ClaimsPrincipal(new MandateClaimsIdentity([new Claim("sub", "agt_A")], "Mandate", token));
    }

    private static async Task<bool> MeetsAsync(MandateAuthorizationDetailRequirement requirement, ClaimsPrincipal user)
    {
        var context = new AuthorizationHandlerContext([requirement], user, null);
        await requirement.HandleAsync(context);
        return context.HasSucceeded;
    }

    [Fact(DisplayName = "RFC 9396 §2: objects keep their order, type and fields; the indexer reads string values only")]
    public void Reader_ReadsObjects()
    {
        var details = Read("""[{"type":"agent_task","task_id":"t-1","priority":3},{"type":"payment","amount":"5"}]""");

        Assert.Equal(["agent_task", "payment"], details.Select(d => d.Type));
        Assert.Equal("t-1", details[0]["task_id"]);
        Assert.Null(details[0]["priority"]);
        Assert.Equal(3, details[0].Fields["priority"].GetInt32());
        Assert.Null(details[0]["missing"]);
        Assert.False(details[0].Fields.ContainsKey("type"));
    }

    [Theory(DisplayName = "RFC 9396 §2: a claim that is not an array of objects with a string type is malformed")]
    [InlineData("""{"type":"agent_task"}""")]
    [InlineData("""[42]""")]
    [InlineData("""[{"task_id":"t-1"}]""")]
    [InlineData("""[{"type":7}]""")]
    public void Reader_RejectsMalformed(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.False(AuthorizationDetailsReader.TryRead(document.RootElement, out _));
    }

    [Fact(DisplayName = "RequireAuthorizationDetail: some object of the type must satisfy the predicate")]
    public async Task Requirement_TypeAndPredicate()
    {
        var prod = new MandateAuthorizationDetailRequirement("agent_task", d => d["environment"] == "prod");

        Assert.True(await MeetsAsync(prod, Principal("""[{"type":"agent_task","environment":"staging"},{"type":"agent_task","environment":"prod"}]""")));
        Assert.False(await MeetsAsync(prod, Principal("""[{"type":"agent_task","environment":"staging"}]""")));
        Assert.False(await MeetsAsync(prod, Principal("""[{"type":"payment","environment":"prod"}]""")));
        Assert.False(await MeetsAsync(prod, Principal(null)));
        Assert.True(await MeetsAsync(new MandateAuthorizationDetailRequirement("payment"), Principal("""[{"type":"payment"}]""")));
    }

    [Fact(DisplayName = "A principal without a Mandate token never meets an authorization_details requirement")]
    public async Task NoMandateToken_NotMet()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "x")], "Other"));
        Assert.False(await MeetsAsync(new MandateAuthorizationDetailRequirement("agent_task"), user));
    }

    [Fact]
    public void EmptyType_Throws() => Assert.Throws<ArgumentException>(() => new MandateAuthorizationDetailRequirement(""));
}
