using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.Testing;
using Xunit.Abstractions;

namespace Mandate.Server.IntegrationTests.Revocation;

/// <summary>Issue 6 §4 end to end: rotation under continuous traffic with zero failed calls; emergency key revocation.</summary>
public sealed class KeyRotationTrafficTests(ITestOutputHelper output)
{
    [Fact(DisplayName = "Rotation in the middle of continuous traffic: zero failed calls, old-key tokens keep working")]
    public async Task Rotation_UnderTraffic_ZeroFailures()
    {
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServer = o =>
            {
                o.KeyPropagationDelay = TimeSpan.FromSeconds(2);
                o.KeyRotationCheckInterval = TimeSpan.FromSeconds(1);
            },
        });
        await using var api = await FeedApiHost.StartAsync(server.Issuer);
        var agent = await RevocationClient.CreateAgentAsync(server);
        var oldToken = await RevocationClient.TokenAsync(server, agent);
        var oldKid = KeyId(oldToken);
        Assert.Equal(HttpStatusCode.OK, await api.CallAsync(oldToken));

        int calls = 0, failures = 0, newKeyCalls = 0;
        using (var rotate = await AdminPostAsync(server, "admin/keys/rotate"))
        {
            Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        }

        var started = TimeProvider.System.GetTimestamp();
        while (newKeyCalls < 50 && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            var token = await RevocationClient.TokenAsync(server, agent);
            calls++;
            if (await api.CallAsync(token) != HttpStatusCode.OK)
            {
                failures++;
            }

            if (KeyId(token) != oldKid)
            {
                newKeyCalls++;
            }
        }

        output.WriteLine($"rotation under traffic: {calls} calls ({newKeyCalls} with the new key), {failures} failed, {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");
        Assert.Equal(50, newKeyCalls);
        Assert.Equal(0, failures);
        Assert.Equal(HttpStatusCode.OK, await api.CallAsync(oldToken));
    }

    [Fact(DisplayName = "Emergency key revoke: tokens it signed are refused by the API within 5 s; new tokens work")]
    public async Task KeyRevoke_TokensRefused()
    {
        await using var server = await MandateTestServer.StartAsync();
        await using var api = await FeedApiHost.StartAsync(server.Issuer);
        var agent = await RevocationClient.CreateAgentAsync(server);
        var token = await RevocationClient.TokenAsync(server, agent);
        Assert.Equal(HttpStatusCode.OK, await api.CallAsync(token));

        using (var revoke = await AdminPostAsync(server, $"admin/keys/{KeyId(token)}/revoke"))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var elapsed = await api.WaitUntilRefusedAsync(token, TimeSpan.FromSeconds(5));
        output.WriteLine($"key revoke -> API refusal: {elapsed?.TotalMilliseconds:F0} ms");
        Assert.NotNull(elapsed);

        var fresh = await RevocationClient.TokenAsync(server, agent);
        Assert.NotEqual(KeyId(token), KeyId(fresh));
        Assert.True(await api.WaitUntilAcceptedAsync(fresh, TimeSpan.FromSeconds(5)));
        Assert.False((await RevocationClient.IntrospectAsync(server, RevocationClient.Admin(server), token)).GetProperty("active").GetBoolean());
    }

    [Fact(DisplayName = "Revoking an unknown kid is 404")]
    public async Task KeyRevoke_Unknown_NotFound()
    {
        await using var server = await MandateTestServer.StartAsync();

        using var response = await AdminPostAsync(server, "admin/keys/nope/revoke");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> AdminPostAsync(MandateTestServer server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        return await server.HttpClient.SendAsync(request);
    }

    private static string KeyId(string token)
    {
        var header = token[..token.IndexOf('.', StringComparison.Ordinal)];
        Assert.True(Mandate.Jose.Base64Url.TryDecode(header, out var bytes));
        return JsonDocument.Parse(bytes).RootElement.GetProperty("kid").GetString()!;
    }
}
