// Client-supplied values reach logs and audit records; credential-shaped ones never do ("never a token or
// secret value"; the brief: "tokens and secrets never in logs"), even when a client sends them in the wrong field.
using Mandate.Protocol;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.Grants.RefreshToken;

namespace Mandate.Server.Tests;

public sealed class UntrustedTextTests
{
    // A JWS as this server issues it (header, payload, signature), and a JWE with direct key agreement (empty second part).
    private const string Jws = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJhZ3RfMSJ9.c2lnbmF0dXJl";
    private const string Jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXYxMjM0NTY3ODkw.Y2lwaGVydGV4dA.dGFn";

    public static TheoryData<string> CredentialShaped => new()
    {
        ClientSecretGenerator.Create(),
        RefreshTokenValues.Create(),
        Jws,
        Jwe,
        "Bearer " + Jws,
        "tools:read " + ClientSecretGenerator.Create(),
        ClientSecretGenerator.Create()[..30],                 // a secret cut short is still a secret
        "https://api.example.com/?t=" + Jws,
    };

    [Theory]
    [MemberData(nameof(CredentialShaped))]
    public void CredentialShapedValues_AreReplacedWhole(string value)
    {
        Assert.True(UntrustedText.LooksLikeCredential(value));
        Assert.Equal(UntrustedText.Redacted, UntrustedText.ForRecord(value, 1024));
    }

    [Theory]
    [InlineData("agt_y3ledi552o6ff2lxmdht2kwaba")]
    [InlineData("tools:read tools:write")]
    [InlineData("https://api.example.com")]
    [InlineData("urn:ietf:params:oauth:grant-type:token-exchange")]
    [InlineData("spiffe://example.org/ns/prod/sa/billing")]
    [InlineData("mnd_short")]                                 // a prefix alone is no secret
    [InlineData("eyJhbGciOiJFUzI1NiJ9")]                      // a JSON header alone is no token
    [InlineData("billing-agent/2.1 (eyJ)")]
    public void OrdinaryValues_AreKept(string value)
    {
        Assert.False(UntrustedText.LooksLikeCredential(value));
        Assert.Equal(value, UntrustedText.ForRecord(value, 1024));
    }

    [Theory]
    [InlineData("agt_x\ninfo: Token issued jti=FORGED", "agt_x\\u000Ainfo: Token issued jti=FORGED")]
    [InlineData("bot\r\n\t\u001b[31m", "bot\\u000D\\u000A\\u0009\\u001B[31m")]
    [InlineData("admin\u202Etxt.exe", "admin\\u202Etxt.exe")]
    [InlineData("caf\u00e9 \u65e5\u672c", "caf\u00e9 \u65e5\u672c")]
    public void ControlAndBidiCharacters_AreEscaped_SoNoValueForgesALogLine(string value, string recorded) =>
        Assert.Equal(recorded, UntrustedText.ForRecord(value, 1024));

    [Fact]
    public void LongValues_AreCut_AndNullStaysNull()
    {
        Assert.Equal(new string('a', 256), UntrustedText.ForRecord(new string('a', 5000), 256));
        Assert.Null(UntrustedText.ForRecord(null, 256));
    }

    [Fact]
    public void ClaimedClientId_OfAFailedAuthentication_IsRecordable()
    {
        var secret = ClientSecretGenerator.Create();

        Assert.Equal(UntrustedText.Redacted, ClientAuthenticationResult.Fail(secret, "unknown client").ClaimedClientId);
        Assert.Equal(UntrustedText.MaxIdentifierLength, ClientAuthenticationResult.Fail(new string('x', 4000), "unknown client").ClaimedClientId!.Length);
        Assert.Equal("agt_abc", ClientAuthenticationResult.Fail("agt_abc", "wrong client secret").ClaimedClientId);
    }
}
