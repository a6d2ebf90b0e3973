// A token's kid is the sender's text until the signature is verified. The API's log must not let it forge lines,
// reorder text (bidi controls) or grow without bound: it is escaped and cut before it is logged.
using System.Net;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.ResourceServer.Tests.Infrastructure;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Tests;

public sealed class LogSafetyTests : IAsyncLifetime
{
    private readonly SigningKey _key = SigningKey.Generate(SignatureAlgorithm.ES256);
    private readonly CapturingLoggerProvider _logs = new();
    private FakeIssuer _issuer = null!;
    private ProtectedApi _api = null!;

    public async Task InitializeAsync()
    {
        _issuer = await FakeIssuer.StartAsync(_key);
        _api = await ProtectedApi.StartAsync(_issuer.Issuer, services: s =>
        {
            s.AddSingleton<ILoggerProvider>(_logs);
            s.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Trace);
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _issuer.DisposeAsync();
        _key.Dispose();
    }

    [Fact(DisplayName = "Logging: a forged kid with a line break and a bidi override is logged escaped, not as a new line")]
    public async Task ForgedKid_IsEscapedInTheLog()
    {
        const string kid = "forged\ninfo: Mandate.ResourceServer[1] Token validated jti=FORGED\u202E";
        var claims = TestTokens.Claims(_issuer.Issuer, _api.Time.GetUtcNow(), "tools:read");

        using var response = await _api.GetAsync("/api/tools", TestTokens.SignWithForeignKey(kid, claims));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var logged = _logs.Entries.Where(e => e.Text.Contains("forged", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, e =>
        {
            Assert.DoesNotContain('\n', e.Text);
            Assert.DoesNotContain('\u202E', e.Text);
            Assert.Contains("forged\\u000Ainfo:", e.Text, StringComparison.Ordinal);
        });
    }

    [Fact(DisplayName = "Logging: a kid of 5,000 characters is cut to the identifier bound")]
    public async Task LongKid_IsCutInTheLog()
    {
        var kid = new string('k', 5000);
        var claims = TestTokens.Claims(_issuer.Issuer, _api.Time.GetUtcNow(), "tools:read");

        using var response = await _api.GetAsync("/api/tools", TestTokens.SignWithForeignKey(kid, claims));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var logged = _logs.Entries.Where(e => e.Text.Contains("kkkk", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, e => Assert.DoesNotContain(new string('k', UntrustedText.MaxIdentifierLength + 1), e.Text, StringComparison.Ordinal));
    }
}
