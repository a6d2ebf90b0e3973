using Mandate.Agent.Tests.Infrastructure;

namespace Mandate.Agent.Tests;

public sealed class SecretRedactionTests
{
    [Fact]
    public async Task Logs_AtTraceAcrossSuccessRetryAndRejection_NeverContainSecretOrTokens()
    {
        await using var h = await AgentHarness.StartAsync(o => (o.Retry.MaxAttempts, o.Jitter) = (1, 0));
        var exceptions = new List<Exception>();
        h.Server.LifetimeSeconds = 100;

        (await h.Api.GetAsync("/api/tools")).Dispose();         // issue + use
        h.Server.RejectNextApiCalls(1);
        (await h.Api.GetAsync("/api/tools")).Dispose();         // 401 invalid_token → renew → retry
        h.Server.Outage = TokenFailure.ServiceUnavailable;
        h.Time.Advance(TimeSpan.FromSeconds(85));
        (await h.Api.GetAsync("/api/tools")).Dispose();         // renewal fails, current token kept
        h.Time.Advance(TimeSpan.FromSeconds(15));
        exceptions.Add(await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync(new("tools:read"))));
        h.Server.Outage = null;
        h.Server.RejectWith = "invalid_client";
        exceptions.Add(await Assert.ThrowsAsync<MandateTokenException>(() => h.Client.GetTokenAsync(new("other"))));

        var secrets = h.Server.IssuedTokens.Append(h.Server.ClientSecret).ToArray();
        Assert.NotEmpty(h.Logs.Entries);
        Assert.Contains(h.Logs.Entries, e => e.Contains("Mandate.Agent", StringComparison.Ordinal));
        foreach (var text in h.Logs.Entries.Concat(exceptions.Select(e => e.ToString())))
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("Basic ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToString_OfOptionsCredentialsAndToken_RedactsSecrets()
    {
        var options = new MandateTokenClientOptions
        {
            Issuer = new Uri("https://mandate.example"),
            ClientId = "agt_1",
            ClientSecret = "mnd_topsecret",
            PrivateKeyJwk = "{\"kty\":\"EC\",\"d\":\"privatepart\"}",
        };
        var credentials = new MandateCredentials { ClientId = "agt_1", ClientSecret = "mnd_topsecret" };
        var token = new AccessToken("eyJ.secret.token", DateTimeOffset.UnixEpoch, "tools:read", "Bearer");

        foreach (var text in new[] { options.ToString(), credentials.ToString(), token.ToString() })
        {
            Assert.DoesNotContain("mnd_topsecret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("privatepart", text, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJ.secret.token", text, StringComparison.Ordinal);
        }

        Assert.Contains("agt_1", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("tools:read", token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValidationErrors_NeverEchoValues()
    {
        var options = new MandateTokenClientOptions
        {
            Issuer = new Uri("http://mandate.example"),
            ClientId = "agt_1",
            ClientSecret = "mnd_topsecret",
            PrivateKeyJwk = "{}",
        };

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new MandateTokenClient(new HttpClient(), options));

        Assert.DoesNotContain("mnd_topsecret", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Exactly one of ClientSecret", ex.Message, StringComparison.Ordinal);
        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }
}
