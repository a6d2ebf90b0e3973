using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// RFC 9449 interop with a client nobody here wrote: tests/node/dpop-client.mjs drives oauth4webapi against a real
/// <c>mandate serve</c> (server nonces on) and the sample API, as separate processes on loopback.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DpopInteropTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";

    [Fact(DisplayName = "RFC 9449 §5, §7, §8: oauth4webapi gets a DPoP-bound token (after a nonce retry), the sample API accepts it with a proof and refuses it as Bearer")]
    public async Task Oauth4webapi_GetsBoundTokenAndCallsApi()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine, environment: new Dictionary<string, string?> { ["Mandate__Dpop__RequireNonce"] = "true" });
        AgentCredentials agent = await server.CreateAgentAsync("node-dpop-bot", "tools:read", Audience, "--dpop", "required");
        await using SampleApi api = await SampleApi.StartAsync(server.Url, Audience, server.WorkingDirectory);

        (int exitCode, string stdout, string stderr) = await NodeScript.RunAsync("dpop-client.mjs", new Dictionary<string, string>
        {
            ["MANDATE_SERVER"] = server.Url,
            ["CLIENT_ID"] = agent.ClientId,
            ["CLIENT_SECRET"] = agent.ClientSecret,
            ["RESOURCE"] = Audience,
            ["API_URL"] = api.Url + "/api/tools",
        }, TimeSpan.FromSeconds(60));
        output.WriteLine(stderr);
        Assert.True(exitCode == 0, $"node exited {exitCode}: {stderr}");

        JsonElement report = JsonDocument.Parse(stdout).RootElement;
        output.WriteLine(report.ToString());
        Assert.Contains("ES256", report.GetProperty("dpop_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        // §8: the first proof had no nonce, the server answered use_dpop_nonce, oauth4webapi retried with it.
        Assert.Equal(1, report.GetProperty("token_nonce_retries").GetInt32());
        Assert.Equal("dpop", report.GetProperty("token_type").GetString(), ignoreCase: true);

        // §6.1: cnf.jkt is the RFC 7638 thumbprint of the key oauth4webapi generated.
        JsonElement jwk = report.GetProperty("public_jwk");
        Assert.Equal(Thumbprint(jwk), Claims(report.GetProperty("access_token").GetString()!).GetProperty("cnf").GetProperty("jkt").GetString());

        // §7.1: accepted with its proof.
        JsonElement dpopCall = report.GetProperty("dpop_call");
        Assert.Equal(200, dpopCall.GetProperty("status").GetInt32());
        Assert.Equal(agent.ClientId, dpopCall.GetProperty("body").GetProperty("agent").GetString());

        // §7.2: the same token as Bearer is refused.
        JsonElement bearerCall = report.GetProperty("bearer_call");
        Assert.Equal(401, bearerCall.GetProperty("status").GetInt32());
        Assert.Contains("invalid_token", bearerCall.ToString(), StringComparison.Ordinal);
    }

    private static JsonElement Claims(string jwt)
    {
        string segment = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        segment = segment.PadRight(segment.Length + ((4 - (segment.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(segment)).RootElement.Clone();
    }

    // RFC 7638 §3.2: the required members of an EC key, in lexicographic order, no whitespace.
    private static string Thumbprint(JsonElement jwk)
    {
        string canonical = $"{{\"crv\":\"{jwk.GetProperty("crv").GetString()}\",\"kty\":\"EC\",\"x\":\"{jwk.GetProperty("x").GetString()}\",\"y\":\"{jwk.GetProperty("y").GetString()}\"}}";
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
