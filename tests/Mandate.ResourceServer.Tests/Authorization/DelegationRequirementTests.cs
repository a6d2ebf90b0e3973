// Chain policies on the RFC 8693 §4.1 act claim: maximum depth, allowed actors, and a predicate on the subject.
using System.Security.Claims;
using Mandate.Protocol;
using Mandate.ResourceServer.Authorization;
using Mandate.ResourceServer.Validation;
using Microsoft.AspNetCore.Authorization;

namespace Mandate.ResourceServer.Tests.Authorization;

public sealed class DelegationRequirementTests
{
    private static readonly DateTimeOffset Now0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static ClaimsPrincipal Principal(string subject, params string[] actorsNewestFirst)
    {
        var token = new MandateAccessToken
        {
            AgentId = subject, ClientId = actorsNewestFirst.FirstOrDefault() ?? subject, Issuer = "https://auth.example.com",
            Scopes = new HashSet<string>(), Audiences = ["https://api.example.com"], JwtId = "j",
            ExpiresAt = Now0.AddMinutes(5), IssuedAt = Now0,
            Actors = [.. actorsNewestFirst.Select(a => new MandateActor(a, null, null))],
        };
        return new ClaimsPrincipal(new MandateClaimsIdentity([new Claim("sub", subject)], "Mandate", token));
    }

    private static async Task<bool> MeetsAsync(MandateDelegationRequirement requirement, ClaimsPrincipal user)
    {
        var context = new AuthorizationHandlerContext([requirement], user, null);
        await requirement.HandleAsync(context);
        return context.HasSucceeded;
    }

    [Theory(DisplayName = "Max depth counts the actors of the act chain")]
    [InlineData(0, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(2, 2, true)]
    [InlineData(2, 3, false)]
    public async Task MaxDepth(int max, int actors, bool met)
    {
        var user = Principal("agt_ORCH", [.. Enumerable.Range(0, actors).Select(i => "agt_" + i)]);
        Assert.Equal(met, await MeetsAsync(new MandateDelegationRequirement(maxDepth: max), user));
    }

    [Fact(DisplayName = "Allowed actors: every actor in the chain, not only the newest, must be listed")]
    public async Task AllowedActors_CheckWholeChain()
    {
        var requirement = new MandateDelegationRequirement(allowedActors: ["agt_SUB", "agt_WORK"]);
        Assert.True(await MeetsAsync(requirement, Principal("agt_ORCH", "agt_WORK", "agt_SUB")));
        Assert.False(await MeetsAsync(requirement, Principal("agt_ORCH", "agt_WORK", "agt_MALLORY")));
        Assert.True(await MeetsAsync(requirement, Principal("agt_ORCH")));
    }

    [Fact(DisplayName = "Subject predicate: a person must be the subject")]
    public async Task SubjectPredicate()
    {
        var requirement = new MandateDelegationRequirement(subject: sub => !sub.StartsWith("agt_", StringComparison.Ordinal));
        Assert.True(await MeetsAsync(requirement, Principal("alice@example.com", "agt_ORCH")));
        Assert.False(await MeetsAsync(requirement, Principal("agt_ORCH", "agt_SUB")));
    }

    [Fact(DisplayName = "A principal without a Mandate token never meets a chain requirement")]
    public async Task NoMandateToken_NotMet()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "alice")], "other"));
        Assert.False(await MeetsAsync(new MandateDelegationRequirement(maxDepth: 5), user));
    }

    [Fact]
    public void Constructor_RejectsNonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MandateDelegationRequirement(maxDepth: -1));
        Assert.Throws<ArgumentException>(() => new MandateDelegationRequirement());
    }

    [Fact(DisplayName = "Policy builder extensions add the requirement and an authenticated user")]
    public void Builder_AddsRequirements()
    {
        var policy = new AuthorizationPolicyBuilder().RequireMaxDelegationDepth(1).RequireActors("agt_SUB").RequireSubject(_ => true).Build();
        Assert.Equal(3, policy.Requirements.OfType<MandateDelegationRequirement>().Count());
        Assert.NotEmpty(policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement>());
    }
}
