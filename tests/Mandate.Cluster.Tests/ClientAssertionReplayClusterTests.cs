using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;

namespace Mandate.Cluster.Tests;

/// <summary>The client-assertion replay cache is shared by the nodes: an assertion used at one node is refused at another.</summary>
[Collection(ClusterFixture.Collection)]
public sealed class ClientAssertionReplayClusterTests(ClusterFixture cluster)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact(DisplayName = "RFC 7523 §3 item 7: a private_key_jwt assertion accepted at node 2 is refused (invalid_client) when replayed at node 3")]
    public async Task PrivateKeyJwtAssertion_UsedAtNode2_RefusedAtNode3()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var directory = new TempDirectory("assertion");
        var jwks = directory.Combine("agent.jwk.json");
        await File.WriteAllTextAsync(jwks, PublicJwk(key));
        var created = (await cluster.Nodes[0].AdminAsync("agent", "create", "replay-a", "--scope", "orders:read",
            "--audience", "https://api.example.test", "--owner", "team@example.test", "--jwks", jwks, "--json")).AssertExitCode(0);
        var clientId = created.OutputJson().GetProperty("client_id").GetString()!;
        var assertion = Assertion(key, clientId, cluster.Issuer);

        using var first = await TokenAsync(cluster.Nodes[1], assertion);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"{(int)first.StatusCode} {firstBody}");

        using var replayed = await TokenAsync(cluster.Nodes[2], assertion);
        var replayedBody = await replayed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(replayedBody).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain("access_token", replayedBody, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> TokenAsync(MandateNode node, string assertion) =>
        Http.PostAsync(node.Url + "/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "orders:read",
            ["resource"] = "https://api.example.test",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        }));

    // RFC 7523 §3: iss = sub = client_id, aud = the issuer, a short exp and a unique jti; ES256 (RFC 7518 §3.4).
    private static string Assertion(ECDsa key, string clientId, string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = JsonSerializer.Serialize(new Dictionary<string, object> { ["alg"] = "ES256", ["kid"] = "replay-key" });
        var claims = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = audience,
            ["iat"] = now,
            ["exp"] = now + 60,
            ["jti"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
        });
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header)) + "." + Base64Url(Encoding.UTF8.GetBytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url(signature);
    }

    private static string PublicJwk(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["kid"] = "replay-key",
            ["use"] = "sig",
            ["alg"] = "ES256",
            ["x"] = Base64Url(parameters.Q.X!),
            ["y"] = Base64Url(parameters.Q.Y!),
        });
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
