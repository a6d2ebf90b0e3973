using System.Text.Json;
using Mandate.Agent.Tests.Infrastructure;
using Mandate.Jose;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Jose.Jwt;

namespace Mandate.Agent.Tests;

public sealed class PrivateKeyJwtTests
{
    [Fact(DisplayName = "RFC 7523 §2.2/§3: client assertion has iss=sub=client_id, aud=token endpoint, jti, iat, exp and verifies")]
    public async Task GetTokenAsync_PrivateKeyJwt_SendsVerifiableAssertionWithRfc7523Claims()
    {
        using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
        await using var h = await AgentHarness.StartAsync(o => (o.ClientSecret, o.PrivateKeyJwk) = (null, key.ExportPrivateJwk().ToJson()));

        await h.Client.GetTokenAsync();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Client.InvalidateToken(null, await h.Client.GetTokenAsync());
        await h.Client.GetTokenAsync();

        var requests = h.Server.TokenRequests;
        Assert.Equal(2, requests.Count);
        var request = requests[0];
        Assert.Null(request.Authorization);
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", request.Form["client_assertion_type"]);

        using var verification = key.ToVerificationKey();
        var result = JwtValidator.Validate(request.Form["client_assertion"], new VerificationKeySet([verification]), new JwtValidationParameters
        {
            ValidIssuer = h.Server.ClientId,
            ValidAudiences = [h.Server.TokenEndpoint.AbsoluteUri],
            TimeProvider = h.Time,
            RequiredClaims = ["iss", "sub", "aud", "exp", "iat", "jti"],
        });
        Assert.True(result.IsValid, result.Error.ToString());
        var claims = result.Claims!;
        Assert.Equal(h.Server.ClientId, claims.Subject);
        Assert.Equal(TimeSpan.FromSeconds(60), claims.ExpiresAt - claims.IssuedAt);
        Assert.True(Base64Url.TryDecode(claims.JwtId, out var jti));
        Assert.Equal(16, jti.Length);

        var secondJti = JsonDocument.Parse(Base64UrlPayload(requests[1].Form["client_assertion"])).RootElement.GetProperty("jti").GetString();
        Assert.NotEqual(claims.JwtId, secondJti);
    }

    [Fact]
    public async Task GetTokenAsync_PrivateKeyFromFile_IsUsed()
    {
        using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
        var path = Path.Combine(Path.GetTempPath(), $"agent-key-{Guid.NewGuid():N}.jwk");
        await File.WriteAllTextAsync(path, key.ExportPrivateJwk().ToJson());
        try
        {
            await using var h = await AgentHarness.StartAsync(o => (o.ClientSecret, o.PrivateKeyFile) = (null, path));
            await h.Client.GetTokenAsync();
            Assert.True(h.Server.TokenRequests[0].Form.ContainsKey("client_assertion"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task GetTokenAsync_PublicKeyOnly_FailsWithoutQuotingTheKey()
    {
        using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
        var publicJson = key.PublicJwk.ToJson();
        await using var h = await AgentHarness.StartAsync(o => (o.ClientSecret, o.PrivateKeyJwk) = (null, publicJson));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Client.GetTokenAsync());

        Assert.DoesNotContain(key.PublicJwk.X!, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Server.TokenRequestCount);
    }

    private static string Base64UrlPayload(string jws)
    {
        Assert.True(Base64Url.TryDecode(jws.Split('.')[1], out var payload));
        return System.Text.Encoding.UTF8.GetString(payload);
    }
}
