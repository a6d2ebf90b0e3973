using System.Text.Json;
using System.Text.RegularExpressions;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// Issue 6 §4 and §6: signing-key rotation in the middle of continuous traffic from the real sample agent process
/// (Mandate.Agent) to the real sample API process (Mandate.ResourceServer) → zero failed calls. The server runs with
/// short key timings (<c>--key-rotation-interval 20s --key-propagation-delay 5s</c>), so within one run both a manual
/// <c>mandate key rotate</c> and the automatic schedule rotate, and the API accepts tokens signed by each key.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class KeyRotationUnderTrafficTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";

    [Fact(DisplayName = "Issue 6: sample agent calling continuously through a manual and a scheduled key rotation: zero failed calls, old and new kids accepted")]
    public async Task ManualAndScheduledRotation_UnderTraffic_ZeroFailures()
    {
        await using MandateServer server = await MandateServer.StartAsync(
            output.WriteLine, ["--key-rotation-interval", "20s", "--key-propagation-delay", "5s", "--key-check-interval", "1s"]);
        string initialKid = ActiveKid((await server.AdminAsync("key", "list", "--json")).AssertExitCode(ExitCode.Ok).OutputJson());
        // 10 s tokens: the agent renews about every 8 s, so every key that signs for a few seconds signs a token it uses.
        AgentCredentials agent = await server.CreateAgentAsync("rotation-bot", "tools:read", Audience, "--token-lifetime", "10s");
        // By default an API's JWKS cache time (10 minutes) is below the propagation delay (15 minutes), so the API knows a
        // new key before it signs. Mandate.ResourceServer caches keys for at least 1 minute, longer than this run's 5 s
        // delay, so here the API learns each new key from its first token (an unknown kid is fetched at once), with the
        // fetch cooldown at 1 s instead of 30 s (with 30 s, a first run of this test saw 219 of 500 calls refused).
        await using SampleApi api = await SampleApi.StartAsync(
            server.Url, Audience, server.WorkingDirectory, output.WriteLine,
            new Dictionary<string, string> { ["Mandate.ResourceServer"] = "Debug" }, ["--jwks-refresh-cooldown", "00:00:01"]);

        Task<SampleAgentSummary> traffic = SampleAgent.RunAsync(
            [
                "--issuer", server.Url, "--client-id", agent.ClientId, "--client-secret", agent.ClientSecret,
                "--api", api.Url, "--scope", "tools:read", "--resource", Audience, "--duration", "50s", "--rate", "10",
            ],
            TimeSpan.FromSeconds(50),
            server.WorkingDirectory,
            output.WriteLine);

        // Rotate by hand while the agent is calling (bounded wait for its first accepted token, not a timing assertion).
        // On a slow start the schedule may already have replaced the initial key, so the old kid is the first one accepted.
        await WaitForAsync(() => AcceptedKids(api).Count > 0, TimeSpan.FromSeconds(60));
        string oldKid = AcceptedKids(api).First();
        string manualKid = (await server.AdminAsync("key", "rotate", "--json")).AssertExitCode(ExitCode.Ok).OutputJson().GetProperty("kid").GetString()!;

        SampleAgentSummary run = await traffic;
        JsonElement keys = (await server.AdminAsync("key", "list", "--json")).AssertExitCode(ExitCode.Ok).OutputJson();
        HashSet<string> accepted = AcceptedKids(api);
        output.WriteLine($"measured: {run}; keys: {string.Join(", ", keys.EnumerateArray().Select(k => $"{k.GetProperty("kid").GetString()}={k.GetProperty("state").GetString()}"))}; kids accepted by the API: {string.Join(", ", accepted)}");

        Assert.Equal(0, run.Failures);
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Calls > 0);
        Assert.Contains(oldKid, accepted);
        Assert.Contains(manualKid, accepted);
        // The schedule rotated at least once after the manual rotation: a third key signed tokens the API accepted.
        Assert.Contains(accepted, kid => kid != oldKid && kid != manualKid);
        Assert.Contains(keys.EnumerateArray(), k => k.GetProperty("kid").GetString() is { } kid && kid != initialKid && kid != manualKid);
    }

    private static string ActiveKid(JsonElement keys) =>
        keys.EnumerateArray().Single(k => k.GetProperty("state").GetString() == "active").GetProperty("kid").GetString()!;

    // Mandate.ResourceServer logs event 7000 at Debug once per token it validates (not for validated-token cache hits).
    private static HashSet<string> AcceptedKids(SampleApi api) =>
        [.. api.Process.Output.Lines.Select(line => ValidatedWithKey().Match(line)).Where(m => m.Success).Select(m => m.Groups["kid"].Value)];

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        long started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < limit, "the API accepted no token of the sample agent");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"validated with key (?<kid>[^;\s]+);")]
    private static partial Regex ValidatedWithKey();
}
