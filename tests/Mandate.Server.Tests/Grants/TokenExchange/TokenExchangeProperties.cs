// Property-based tests (FsCheck) of the token exchange: random chains of exchanges by random clients, with random
// scope requests, targets and clock advances, are checked against a model of the rules. For every step the server
// must give exactly the model's answer, and every issued token must satisfy the invariants: scopes never widen,
// lifetimes never extend, the depth limit holds, and each token is bound to the chain it came from.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mandate.Protocol;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;

namespace Mandate.Server.Tests.Grants.TokenExchange;

public sealed class TokenExchangeProperties
{
    /// <summary>One exchange: who asks, which earlier token, which scopes (bit mask over AllScopes, 0 = none sent),
    /// which target, and how far the clock moves first. A "follow" step is steered towards a plausible request (the
    /// latest token, presented by the agent it is bound to, for a target that agent may reach) so that long valid
    /// chains occur often; other steps are arbitrary (splices, foreign targets, widening).</summary>
    public sealed record Step(bool Follow, int Client, int Parent, int ScopeMask, int Target, int AdvanceSeconds);

    /// <summary>A chain: the server's depth limit, the orchestrator's first scopes, then the steps.</summary>
    public sealed record Plan(int MaxDepth, int FirstScopeMask, Step[] Steps)
    {
        public override string ToString() => $"MaxDepth={MaxDepth} First={FirstScopeMask} Steps=[{string.Join(", ", Steps.AsEnumerable())}]";
    }

    public static class Plans
    {
        public static Arbitrary<Plan> Arbitrary()
        {
            var step =
                from follow in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
                from client in Gen.Choose(0, 3)
                from parent in Gen.Choose(0, 1000)
                from mask in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 15)))
                from target in Gen.Choose(0, 4)
                from advance in Gen.Frequency((8, Gen.Choose(0, 60)), (1, Gen.Choose(200, 700)))
                select new Step(follow, client, parent, mask, target, advance);
            var plan =
                from depth in Gen.Choose(1, 4)
                from first in Gen.Choose(1, 7)
                from steps in Gen.ArrayOf(step, 12)
                select new Plan(depth, first, steps);
            return plan.ToArbitrary();
        }
    }

    private sealed record Issued(string Jwt, string Sub, string ClientId, string Aud, HashSet<string> Scopes, long Exp, List<string> Actors, string Jti);

    [Property(Arbitrary = [typeof(Plans)], MaxTest = 60)]
    public void RandomChains_MatchTheModel_AndNeverWiden(Plan plan) => Task.Run(() => RunAsync(plan)).GetAwaiter().GetResult();

    private static async Task RunAsync(Plan plan)
    {
        await using var world = await DelegationWorld.CreateAsync(o => o.MaxDelegationDepth = plan.MaxDepth);
        var agents = world.Agents;
        string[] targets = [ServerHarness.Api, AgentAudience.For(world.Orchestrator.Id), AgentAudience.For(world.SubAgent.Id), AgentAudience.For(world.Worker.Id), AgentAudience.For(world.Mallory.Id)];

        var first = await world.ClientCredentialsAsync(world.Orchestrator, AgentAudience.For(world.SubAgent.Id), Scope(plan.FirstScopeMask & 7));
        Assert.Equal(200, first.StatusCode);
        var issued = new List<Issued> { Read(first.AccessToken) };

        foreach (var step in plan.Steps)
        {
            world.Server.Time.Advance(TimeSpan.FromSeconds(step.AdvanceSeconds));
            var parent = step.Follow ? issued[^1] : issued[step.Parent % issued.Count];
            var client = step.Follow
                ? agents.FirstOrDefault(a => AgentAudience.For(a.Id) == parent.Aud) ?? agents.First(a => a.ClientId == parent.ClientId)
                : agents[step.Client];
            var target = step.Follow ? client.AllowedAudiences[step.Target % client.AllowedAudiences.Count] : targets[step.Target];
            var requested = step.ScopeMask == 0 ? null : Scope(step.ScopeMask);
            var extra = new List<(string, string)> { ("resource", target) };
            if (requested is not null)
            {
                extra.Add(("scope", requested));
            }

            var now = world.Server.Time.GetUtcNow().ToUnixTimeSeconds();
            var expected = Expect(plan, client, parent, requested, target, now);
            var result = await world.ExchangeAsync(client, parent.Jwt, [.. extra]);

            if (expected.Errors.Count > 0)
            {
                Assert.Equal(400, result.StatusCode);
                Assert.Contains(result.Error!, expected.Errors);
                continue;
            }

            Assert.True(result.StatusCode == 200, $"expected success, got {result.Error} {result.Description}");
            var token = Read(result.AccessToken);

            // Invariants, whatever the model says.
            Assert.Equal(parent.Sub, token.Sub);
            Assert.Equal(client.ClientId, token.ClientId);
            Assert.Equal(parent.Jti, DelegationWorld.Claim(result.AccessToken, "parent_jti"));
            Assert.Subset(parent.Scopes, token.Scopes);
            Assert.Subset(new HashSet<string>(client.AllowedScopes), token.Scopes);
            Assert.True(token.Exp <= parent.Exp, "lifetime extended");
            Assert.True(token.Actors.Count <= plan.MaxDepth, "depth limit broken");
            Assert.Contains(token.Aud, client.AllowedAudiences);
            var narrowed = parent.ClientId == client.ClientId;
            Assert.True(narrowed || parent.Aud == AgentAudience.For(client.Id), "chain binding broken");
            Assert.Equal(narrowed ? parent.Actors : [client.ClientId, .. parent.Actors], token.Actors);

            // The model's exact answer.
            Assert.Equal(expected.Scopes, token.Scopes);
            Assert.Equal(Math.Min(now + (long)client.TokenLifetime.TotalSeconds, parent.Exp), token.Exp);
            issued.Add(token);
        }
    }

    private sealed record Expectation(IReadOnlyCollection<string> Errors, HashSet<string> Scopes);

    /// <summary>The rules of docs/delegation.md, in the handler's order of checks.</summary>
    private static Expectation Expect(Plan plan, Agent client, Issued parent, string? requested, string target, long now)
    {
        const long Skew = 30;
        var none = new HashSet<string>();
        if (now > parent.Exp + Skew + 1)
        {
            return new(["invalid_request"], none);
        }

        var errors = new List<string>();
        if (now >= parent.Exp + Skew - 1)
        {
            // At the skew boundary the token may be refused outright (invalid_request) or pass validation.
            errors.Add("invalid_request");
        }

        var narrowing = parent.ClientId == client.ClientId;
        if (!narrowing && (parent.Aud != AgentAudience.For(client.Id) || parent.Actors.Count + 1 > plan.MaxDepth))
        {
            return new([.. errors, "invalid_request"], none);
        }

        var allowed = new HashSet<string>(client.AllowedScopes);
        var scopes = requested is null
            ? parent.Scopes.Where(allowed.Contains).ToHashSet()
            : requested.Split(' ').ToHashSet();
        if (scopes.Count == 0 || !scopes.IsSubsetOf(parent.Scopes) || !scopes.IsSubsetOf(allowed))
        {
            return new([.. errors, "invalid_scope"], none);
        }

        if (!client.AllowedAudiences.Contains(target))
        {
            return new([.. errors, "invalid_target"], none);
        }

        if (parent.Exp - now < 1)
        {
            return new([.. errors, "invalid_request"], none);
        }

        return new(errors, scopes);
    }

    private static string Scope(int mask) => string.Join(' ', DelegationWorld.AllScopes.Where((_, i) => (mask & (1 << i)) != 0));

    private static Issued Read(string jwt) => new(
        jwt,
        DelegationWorld.Claim(jwt, "sub"),
        DelegationWorld.Claim(jwt, "client_id"),
        DelegationWorld.Claim(jwt, "aud"),
        DelegationWorld.Scopes(jwt),
        DelegationWorld.Exp(jwt),
        DelegationWorld.Actors(jwt),
        DelegationWorld.Claim(jwt, "jti"));
}
