using System.Security.Cryptography;
using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// FAPI 2.0 Security Profile interop with a client nobody here wrote: tests/node/fapi2-client.mjs drives oauth4webapi
/// (private_key_jwt + DPoP) against a real <c>mandate serve --profile fapi2</c> process on loopback (docs/fapi2.md).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class Fapi2InteropTests(ITestOutputHelper output)
{
    private const string Audience = "https://api.example.test";

    [Fact(DisplayName = "FAPI 2.0 §5.3.2.1 items 4, 6, 8: oauth4webapi gets a DPoP-bound token with private_key_jwt (aud = issuer) from serve --profile fapi2")]
    public async Task Oauth4webapi_PrivateKeyJwtAndDpop()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine, serveArguments: ["--profile", "fapi2"]);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters p = key.ExportParameters(includePrivateParameters: true);
        string publicJwk = $"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"node-1\",\"alg\":\"ES256\",\"use\":\"sig\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}";
        string privateJwk = publicJwk[..^1] + $",\"d\":\"{B64(p.D!)}\"}}";
        string jwksFile = Path.Combine(server.WorkingDirectory, "node-client.jwks.json");
        await File.WriteAllTextAsync(jwksFile, "{\"keys\":[" + publicJwk + "]}");
        CommandResult created = (await server.AdminAsync("agent", "create", "node-fapi-bot", "--scope", "tools:read", "--audience", Audience,
            "--owner", "team@example.test", "--jwks", jwksFile, "--json")).AssertExitCode(0);
        string clientId = created.OutputJson().GetProperty("client_id").GetString()!;

        (int exitCode, string stdout, string stderr) = await NodeScript.RunAsync("fapi2-client.mjs", new Dictionary<string, string>
        {
            ["MANDATE_SERVER"] = server.Url,
            ["CLIENT_ID"] = clientId,
            ["CLIENT_PRIVATE_JWK"] = privateJwk,
            ["RESOURCE"] = Audience,
        }, TimeSpan.FromSeconds(60));
        output.WriteLine(stderr);
        Assert.True(exitCode == 0, $"node exited {exitCode}: {stderr}");

        JsonElement report = JsonDocument.Parse(stdout).RootElement;
        output.WriteLine(report.ToString());
        Assert.Equal(["private_key_jwt"], report.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["ES256", "PS256"], report.GetProperty("dpop_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("dpop", report.GetProperty("token_type").GetString(), ignoreCase: true);

        // RFC 9449 §6.1: the token is bound to oauth4webapi's DPoP key (cnf.jkt = its RFC 7638 thumbprint).
        JsonElement jwk = report.GetProperty("public_jwk");
        string canonical = $"{{\"crv\":\"{jwk.GetProperty("crv").GetString()}\",\"kty\":\"EC\",\"x\":\"{jwk.GetProperty("x").GetString()}\",\"y\":\"{jwk.GetProperty("y").GetString()}\"}}";
        string thumbprint = B64(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
        string payload = report.GetProperty("access_token").GetString()!.Split('.')[1];
        JsonElement claims = JsonDocument.Parse(Convert.FromBase64String(payload.Replace('-', '+').Replace('_', '/').PadRight((payload.Length + 3) / 4 * 4, '='))).RootElement;
        Assert.Equal(thumbprint, claims.GetProperty("cnf").GetProperty("jkt").GetString());
        Assert.Equal(clientId, claims.GetProperty("client_id").GetString());
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
