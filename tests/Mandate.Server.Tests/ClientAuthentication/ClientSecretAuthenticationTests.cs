// RFC 6749 §2.3.1 (client_secret_basic / client_secret_post), §2.3 (one method per request) and §5.2
// (invalid_client, 401, WWW-Authenticate when HTTP authentication was used). Never reveal whether a
// client_id exists; inactive agents fail like a wrong secret.
using System.Text;
using Mandate.Server.Agents;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.ClientAuthentication;

public sealed class ClientSecretAuthenticationTests : IAsyncLifetime
{
    private ServerHarness _server = null!;
    private Agent _agent = null!;
    private string _secret = "";

    public async Task InitializeAsync()
    {
        _server = await ServerHarness.CreateAsync();
        (_agent, var secret) = await _server.CreateAgentAsync();
        _secret = secret!;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "RFC 6749 §2.3.1: client_secret_basic authenticates")]
    public async Task Basic_Succeeds()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret));
        Assert.Equal(200, result.StatusCode);
    }

    [Fact(DisplayName = "RFC 6749 §2.3.1: client_secret_post authenticates")]
    public async Task Post_Succeeds()
    {
        var body = ServerHarness.Form(("grant_type", "client_credentials"), ("client_id", _agent.ClientId), ("client_secret", _secret));
        var result = await _server.PostTokenAsync(body);
        Assert.Equal(200, result.StatusCode);
    }

    [Fact(DisplayName = "RFC 6749 §5.2: unknown client gets invalid_client with 401")]
    public async Task UnknownClient_IsInvalidClient401()
    {
        var body = ServerHarness.Form(("grant_type", "client_credentials"), ("client_id", "agt_doesnotexist"), ("client_secret", _secret));
        var result = await _server.PostTokenAsync(body);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "RFC 6749 §5.2: unknown client and wrong secret get byte-identical responses")]
    public async Task UnknownClientAndWrongSecret_AreIndistinguishable()
    {
        var unknown = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic("agt_doesnotexist", _secret));
        var wrong = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret + "x"));
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(unknown.Body, wrong.Body);
        Assert.Equal(unknown.Headers.WWWAuthenticate.ToString(), wrong.Headers.WWWAuthenticate.ToString());
    }

    [Fact(DisplayName = "RFC 6749 §5.2: invalid_client after Basic auth carries WWW-Authenticate Basic")]
    public async Task BasicFailure_HasChallenge()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, "wrong"));
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("Basic realm=\"mandate\"", result.Headers.WWWAuthenticate.ToString());
    }

    [Fact(DisplayName = "RFC 6749 §5.2: invalid_client after client_secret_post is 401 without a Basic challenge")]
    public async Task PostFailure_HasNoChallenge()
    {
        var body = ServerHarness.Form(("grant_type", "client_credentials"), ("client_id", _agent.ClientId), ("client_secret", "wrong"));
        var result = await _server.PostTokenAsync(body);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("invalid_client", result.Error);
        Assert.Empty(result.Headers.WWWAuthenticate.ToString());
    }

    [Fact(DisplayName = "RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64")]
    public async Task Basic_DecodesFormUrlEncodedCredentials()
    {
        // The raw value "a%3Ab" must not be read literally: the server must decode it. Construct the header by
        // hand so that the encoded id is different from the raw one.
        var id = _agent.ClientId;
        var encodedId = string.Concat(id.Select(c => c == '_' ? "%5F" : c.ToString()));
        var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(encodedId + ":" + ServerHarness.FormEncode(_secret)));
        var result = await _server.PostTokenAsync("grant_type=client_credentials", header);
        Assert.Equal(200, result.StatusCode);
    }

    [Fact(DisplayName = "RFC 6749 §2.3.1: a secret with reserved characters round-trips through Basic encoding")]
    public void Basic_ParsesReservedCharacters()
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("my%3Aclient:p%40ss+w%3Ard%25"));
        Assert.True(Mandate.Server.ClientAuthentication.ClientSecretBasicAuthenticator.TryParse(header, out var id, out var secret));
        Assert.Equal("my:client", id);
        Assert.Equal("p@ss w:rd%", secret);
    }

    [Theory(DisplayName = "Malformed Basic credentials are invalid_client with 401")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic ")]
    [InlineData("Basic bm9jb2xvbg==")]
    public async Task MalformedBasic_IsInvalidClient(string header)
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials", header);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "RFC 6749 §2.3: two authentication methods in one request are invalid_request")]
    public async Task TwoMethods_IsInvalidRequest()
    {
        var body = ServerHarness.Form(("grant_type", "client_credentials"), ("client_id", _agent.ClientId), ("client_secret", _secret));
        var result = await _server.PostTokenAsync(body, ServerHarness.Basic(_agent.ClientId, _secret));
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_request", result.Error);
        Assert.StartsWith("MND2007", result.Description);
    }

    [Fact(DisplayName = "RFC 6749 §2.3: client_secret_post together with a client assertion is invalid_request")]
    public async Task SecretAndAssertion_IsInvalidRequest()
    {
        var body = ServerHarness.Form(("grant_type", "client_credentials"), ("client_id", _agent.ClientId), ("client_secret", _secret),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", "a.b.c"));
        var result = await _server.PostTokenAsync(body);
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact(DisplayName = "RFC 6749 §3.2.1: a request without client authentication is invalid_client")]
    public async Task NoAuthentication_IsInvalidClient()
    {
        var result = await _server.PostTokenAsync(ServerHarness.Form(("grant_type", "client_credentials"), ("client_id", _agent.ClientId)));
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "A client_id parameter naming another client than the Basic credentials is invalid_request")]
    public async Task ClientIdMismatch_IsInvalidRequest()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials&client_id=agt_other", ServerHarness.Basic(_agent.ClientId, _secret));
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact(DisplayName = "A client_id parameter equal to the Basic client is accepted")]
    public async Task ClientIdMatching_IsAccepted()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials&client_id=" + _agent.ClientId, ServerHarness.Basic(_agent.ClientId, _secret));
        Assert.Equal(200, result.StatusCode);
    }

    [Fact(DisplayName = "An unsupported Authorization scheme is invalid_request")]
    public async Task BearerOnTokenEndpoint_IsInvalidRequest()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials", "Bearer abc");
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact(DisplayName = "RFC 6749 §5.2: a suspended agent gets invalid_client, and works again once resumed")]
    public async Task SuspendedAgent_IsInvalidClient()
    {
        await _server.Agents.SuspendAsync(_agent.Id, CancellationToken.None);
        var suspended = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret));
        Assert.Equal(401, suspended.StatusCode);
        Assert.Equal("invalid_client", suspended.Error);

        await _server.Agents.ResumeAsync(_agent.Id, CancellationToken.None);
        var resumed = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret));
        Assert.Equal(200, resumed.StatusCode);
    }

    [Fact(DisplayName = "RFC 6749 §5.2: a decommissioned agent gets invalid_client")]
    public async Task DecommissionedAgent_IsInvalidClient()
    {
        await _server.Agents.DecommissionAsync(_agent.Id, CancellationToken.None);
        var result = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret));
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "RFC 6749 §5.2: an expired agent gets invalid_client")]
    public async Task ExpiredAgent_IsInvalidClient()
    {
        var registration = ServerHarness.DefaultRegistration() with { ExpiresAt = _server.Time.GetUtcNow().AddHours(1) };
        var (agent, secret) = await _server.CreateAgentAsync(registration);
        Assert.Equal(200, (await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(agent.ClientId, secret!))).StatusCode);

        _server.Time.Advance(TimeSpan.FromHours(1));
        var result = await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(agent.ClientId, secret!));
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("invalid_client", result.Error);
    }

    [Fact(DisplayName = "A rotated secret replaces the old one at once")]
    public async Task RotatedSecret_ReplacesOld()
    {
        var rotated = await _server.Agents.RotateSecretAsync(_agent.Id, CancellationToken.None);
        Assert.Equal(401, (await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret))).StatusCode);
        Assert.Equal(200, (await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, rotated.ClientSecret!))).StatusCode);
    }

    [Fact(DisplayName = "A change made by another node is seen within AgentCacheDuration + StorePollInterval, even when no poll ran")]
    public async Task StoreChange_IsSeenAfterCacheDuration()
    {
        // Warm the cache, then suspend directly in the store, as another node would.
        Assert.Equal(200, (await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret))).StatusCode);
        var store = _server.Services.GetRequiredService<IAgentStore>();
        var current = (await store.FindAsync(_agent.Id, CancellationToken.None))!;
        Assert.True(await store.UpdateAsync(current with { Status = AgentStatus.Suspended }, current.Version, CancellationToken.None));

        Assert.Equal(200, (await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret))).StatusCode);
        _server.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(401, (await _server.PostTokenAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret))).StatusCode);
    }
}
