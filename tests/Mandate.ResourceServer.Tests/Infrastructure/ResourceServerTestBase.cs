// Per-test environment (xUnit builds one per test): an ES256 issuer key, the fake issuer, and the protected API.
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;

namespace Mandate.ResourceServer.Tests.Infrastructure;

public abstract class ResourceServerTestBase : IAsyncLifetime
{
    protected SigningKey Key { get; } = SigningKey.Generate(SignatureAlgorithm.ES256);

    protected FakeIssuer Issuer { get; private set; } = null!;

    protected ProtectedApi Api { get; private set; } = null!;

    /// <summary>Options applied on top of the defaults of <see cref="ProtectedApi"/>.</summary>
    protected virtual void Configure(MandateBearerOptions options)
    {
    }

    public virtual async Task InitializeAsync()
    {
        Issuer = await FakeIssuer.StartAsync(Key);
        Api = await ProtectedApi.StartAsync(Issuer.Issuer, Configure);
    }

    public virtual async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Issuer.DisposeAsync();
        Key.Dispose();
    }

    protected DateTimeOffset Now => Api.Time.GetUtcNow();

    protected System.Text.Json.Nodes.JsonObject Claims(string scope = "tools:read tools:write") => TestTokens.Claims(Issuer.Issuer, Now, scope);

    protected string ValidToken(string scope = "tools:read tools:write") => TestTokens.Sign(Key, Claims(scope));

    /// <summary>The exact challenge every rejected token gets: no hint about which check failed.</summary>
    protected string InvalidTokenChallenge => $"Bearer error=\"invalid_token\", resource_metadata=\"{Api.MetadataUrl}\"";

    protected static string Challenge(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? string.Join(" | ", values) : "";

    /// <summary>Asserts a 401 invalid_token whose logged reason is <paramref name="reason"/>.</summary>
    protected async Task AssertRejectedAsync(string token, Mandate.Jose.JoseErrorCode reason, string path = "/api/tools")
    {
        using var response = await Api.GetAsync(path, token);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(InvalidTokenChallenge, Challenge(response));
        Assert.Equal(reason, Assert.Single(Api.Failures));
    }

    protected async Task AssertAcceptedAsync(string token, string path = "/api/tools")
    {
        using var response = await Api.GetAsync(path, token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
