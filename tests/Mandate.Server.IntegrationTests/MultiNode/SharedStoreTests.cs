// Issue 6, several servers on one store: two Mandate servers in this process, each on its own Kestrel loopback port,
// sharing one SQLite file, one key-encryption key and one issuer (as behind a load balancer). A change made through
// node A must be honoured by node B within StorePollInterval (1 s, the default) — the tests wait up to 5 s (the
// issue's propagation target) and print the measured time.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Server.IntegrationTests.Revocation;
using Mandate.Server.Keys;
using Mandate.Storage;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Mandate.Server.IntegrationTests.MultiNode;

public sealed class SharedStoreTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact(DisplayName = "RFC 7009 §2.1 / RFC 7662 §2.2: a token revoked on node A is inactive on node B's /introspect, and B's feed pushes the event")]
    public async Task RevokeOnA_IntrospectAndFeedOnB()
    {
        await using var a = await StartNodeAsync();
        await using var b = await a.StartFollowerAsync();
        var agent = await RevocationClient.CreateAgentAsync(a);
        var token = await TokenAsync(b, agent);
        Assert.True((await RevocationClient.IntrospectAsync(b, agent, token)).GetProperty("active").GetBoolean());
        var jti = Claim(token, "jti");

        using var feed = await OpenFeedAsync(b);
        var started = TimeProvider.System.GetTimestamp();
        using (var revoke = await RevocationClient.PostFormAsync(a, "revoke", agent, ("token", token)))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var pushed = await feed.WaitForAsync(jti, Bound);
        var pushedAfter = TimeProvider.System.GetElapsedTime(started);
        var inactiveAfter = await WaitUntilAsync(async () => !(await RevocationClient.IntrospectAsync(b, agent, token)).GetProperty("active").GetBoolean(), started);
        output.WriteLine($"revoke on A -> B's feed pushed the event after {pushedAfter.TotalMilliseconds:F0} ms; B's /introspect inactive after {inactiveAfter?.TotalMilliseconds:F0} ms");

        Assert.True(pushed, "B's revocation feed did not deliver the event within 5 s");
        Assert.NotNull(inactiveAfter);
        Assert.Equal("""{"active":false}""", (await RevocationClient.IntrospectAsync(b, agent, token)).GetRawText());
    }

    [Fact(DisplayName = "A key rotated on node A is published in B's JWKS, and B signs with it once it is active")]
    public async Task RotateOnA_JwksAndSigningOnB()
    {
        await using var a = await StartNodeAsync();
        await using var b = await a.StartFollowerAsync();
        var agent = await RevocationClient.CreateAgentAsync(a);
        var oldKid = Header(await TokenAsync(b, agent), "kid");

        string newKid;
        using (var rotate = await RevocationClient.AdminPostAsync(a, "admin/keys/rotate"))
        {
            Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
            newKid = JsonDocument.Parse(await rotate.Content.ReadAsStringAsync()).RootElement.GetProperty("kid").GetString()!;
        }

        var started = TimeProvider.System.GetTimestamp();
        var published = await WaitUntilAsync(async () => (await b.HttpClient.GetStringAsync("jwks")).Contains(newKid, StringComparison.Ordinal), started);
        output.WriteLine($"rotate on A -> new kid in B's JWKS after {published?.TotalMilliseconds:F0} ms");
        Assert.NotNull(published);
        Assert.Equal(oldKid, Header(await TokenAsync(b, agent), "kid")); // pending: published, signing nothing

        Assert.True(await a.Services.GetRequiredService<SigningKeyRing>().ActivatePendingAsync(newKid, CancellationToken.None));
        started = TimeProvider.System.GetTimestamp();
        var signing = await WaitUntilAsync(async () => Header(await TokenAsync(b, agent), "kid") == newKid, started);
        output.WriteLine($"activate on A -> B signs with the new kid after {signing?.TotalMilliseconds:F0} ms");
        Assert.NotNull(signing);
        Assert.Contains(oldKid, await b.HttpClient.GetStringAsync("jwks")); // retired: still published for its tokens
    }

    [Fact(DisplayName = "RFC 6749 §5.2: an agent suspended on node A gets invalid_client from node B's /token")]
    public async Task SuspendOnA_TokenRefusedOnB()
    {
        await using var a = await StartNodeAsync(o => o.AgentCacheDuration = TimeSpan.FromMinutes(5));
        await using var b = await a.StartFollowerAsync(o => o.AgentCacheDuration = TimeSpan.FromMinutes(5));
        var agent = await RevocationClient.CreateAgentAsync(a);
        await TokenAsync(b, agent); // B now caches the active agent for 5 minutes

        using (var suspend = await RevocationClient.AdminPostAsync(a, $"admin/agents/{agent.ClientId}/suspend"))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        var started = TimeProvider.System.GetTimestamp();
        var refused = await WaitUntilAsync(async () => (await TokenResponseAsync(b, agent)).StatusCode == HttpStatusCode.Unauthorized, started);
        output.WriteLine($"suspend on A -> B's /token refuses after {refused?.TotalMilliseconds:F0} ms");
        Assert.NotNull(refused);
        using var response = await TokenResponseAsync(b, agent);
        Assert.Equal("invalid_client", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 6749 §2.3.1: a secret rotated on node A without revoking tokens is refused by node B within the change feed's bound, though B holds the agent for 5 minutes")]
    public async Task RotateSecretOnA_OldSecretRefusedOnB()
    {
        await using var a = await StartNodeAsync(o => o.AgentCacheDuration = TimeSpan.FromMinutes(5));
        await using var b = await a.StartFollowerAsync(o => o.AgentCacheDuration = TimeSpan.FromMinutes(5));
        var agent = await RevocationClient.CreateAgentAsync(a);
        await TokenAsync(b, agent); // B now holds the agent; no revocation event will name it

        string newSecret;
        using (var rotate = await RevocationClient.AdminPostAsync(a, $"admin/agents/{agent.ClientId}/rotate-secret"))
        {
            Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
            newSecret = JsonDocument.Parse(await rotate.Content.ReadAsStringAsync()).RootElement.GetProperty("client_secret").GetString()!;
        }

        var started = TimeProvider.System.GetTimestamp();
        var refused = await WaitUntilAsync(async () => (await TokenResponseAsync(b, agent)).StatusCode == HttpStatusCode.Unauthorized, started);
        output.WriteLine($"rotate-secret on A -> B's /token refuses the old secret after {refused?.TotalMilliseconds:F0} ms");
        Assert.NotNull(refused);
        await TokenAsync(b, agent with { ClientSecret = newSecret });
    }

    [Fact(DisplayName = "An agent resumed on node A gets tokens from node B within the change feed's bound")]
    public async Task ResumeOnA_TokensAgainOnB()
    {
        await using var a = await StartNodeAsync(o => o.AgentCacheDuration = TimeSpan.FromMinutes(5));
        await using var b = await a.StartFollowerAsync(o => o.AgentCacheDuration = TimeSpan.FromMinutes(5));
        var agent = await RevocationClient.CreateAgentAsync(a);
        using (var suspend = await RevocationClient.AdminPostAsync(a, $"admin/agents/{agent.ClientId}/suspend"))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        Assert.NotNull(await WaitUntilAsync(async () => (await TokenResponseAsync(b, agent)).StatusCode == HttpStatusCode.Unauthorized, TimeProvider.System.GetTimestamp()));
        using (var resume = await RevocationClient.AdminPostAsync(a, $"admin/agents/{agent.ClientId}/resume"))
        {
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        }

        var started = TimeProvider.System.GetTimestamp();
        var issued = await WaitUntilAsync(async () => (await TokenResponseAsync(b, agent)).StatusCode == HttpStatusCode.OK, started);
        output.WriteLine($"resume on A -> B's /token issues again after {issued?.TotalMilliseconds:F0} ms");
        Assert.NotNull(issued);
    }

    [Fact(DisplayName = "Two nodes running the rotation schedule at the same moment add exactly one new key and activate it once")]
    public async Task ConcurrentScheduledRotation_ExactlyOneNewKey()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        void Schedule(MandateServerOptions o)
        {
            o.KeyRotationInterval = TimeSpan.FromHours(1);
            o.KeyPropagationDelay = TimeSpan.FromMinutes(15);
        }

        await using var a = await StartNodeAsync(Schedule, clock);
        await using var b = await a.StartFollowerAsync(Schedule, services => services.AddSingleton(clock));
        var store = a.Services.GetRequiredService<ISigningKeyStore>();
        var first = Assert.Single(await store.ListAsync(CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(46)); // the active key is due: rotation interval minus propagation delay
        await RunBothAsync(a, b, rounds: 8);
        var keys = await store.ListAsync(CancellationToken.None);
        Assert.Equal(2, keys.Count);
        Assert.Single(keys, k => k.State == SigningKeyState.Pending);

        clock.Advance(TimeSpan.FromMinutes(16)); // the pending key has been published for the propagation delay
        await RunBothAsync(a, b, rounds: 8);
        keys = await store.ListAsync(CancellationToken.None);
        Assert.Equal(2, keys.Count);
        Assert.Equal(SigningKeyState.Retired, keys.Single(k => k.KeyId == first.KeyId).State);
        Assert.Equal(SigningKeyState.Active, keys.Single(k => k.KeyId != first.KeyId).State);
    }

    private static async Task RunBothAsync(MandateTestServer a, MandateTestServer b, int rounds)
    {
        var services = new[] { a.Services.GetRequiredService<KeyRotationService>(), b.Services.GetRequiredService<KeyRotationService>() };
        using var gate = new ManualResetEventSlim(false);
        var runs = Enumerable.Range(0, rounds * 2).Select(i => Task.Run(async () =>
        {
            gate.Wait();
            await services[i % 2].RunOnceAsync(CancellationToken.None);
        })).ToArray();
        gate.Set();
        await Task.WhenAll(runs);
    }

    private static Task<MandateTestServer> StartNodeAsync(Action<MandateServerOptions>? configure = null, TimeProvider? clock = null) =>
        MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServer = configure,
            ConfigureServices = clock is null ? null : services => services.AddSingleton(clock),
        });

    private static async Task<TimeSpan?> WaitUntilAsync(Func<Task<bool>> condition, long started)
    {
        while (TimeProvider.System.GetElapsedTime(started) < Bound)
        {
            if (await condition())
            {
                return TimeProvider.System.GetElapsedTime(started);
            }

            await Task.Delay(20);
        }

        return null;
    }

    private static async Task<string> TokenAsync(MandateTestServer node, TestAgent agent)
    {
        using var response = await TokenResponseAsync(node, agent);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    private static Task<HttpResponseMessage> TokenResponseAsync(MandateTestServer node, TestAgent agent) =>
        RevocationClient.PostFormAsync(node, "token", agent, ("grant_type", "client_credentials"), ("resource", RevocationClient.Api), ("scope", "tools:read"));

    private static string Claim(string token, string name) => Part(token, 1).GetProperty(name).GetString()!;

    private static string Header(string token, string name) => Part(token, 0).GetProperty(name).GetString()!;

    private static JsonElement Part(string token, int index)
    {
        Assert.True(Mandate.Jose.Base64Url.TryDecode(token.Split('.')[index], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    private static async Task<FeedReader> OpenFeedAsync(MandateTestServer node)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, "revocations");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new FeedReader(client, response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
    }

    private sealed class FeedReader(HttpClient client, HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public async Task<bool> WaitForAsync(string jti, TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                while (await reader.ReadLineAsync(timeout.Token) is { } line)
                {
                    if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains($"\"jti\":\"{jti}\"", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
            }

            return false;
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
            client.Dispose();
        }
    }
}
