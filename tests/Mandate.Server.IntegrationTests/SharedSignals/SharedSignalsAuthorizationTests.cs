// Who may use the stream management API (RFC 6750 §3 errors) and the limits on what a receiver may ask.
using System.Net;
using Mandate.Testing;
using static Mandate.Server.IntegrationTests.SharedSignals.SharedSignalsFixture;

namespace Mandate.Server.IntegrationTests.SharedSignals;

public sealed class SharedSignalsAuthorizationTests : IAsyncLifetime
{
    private static readonly object Poll = new { method = "urn:ietf:rfc:8936" };

    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await StartServerAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "RFC 6750 §3.1: no token is 401 with a Bearer challenge")]
    public async Task NoToken_Is401()
    {
        var (status, body, response) = await SendAsync(_server, HttpMethod.Post, "ssf/streams", null, new { delivery = Poll });
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal("invalid_token", body.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a token without ssf:manage is 403 insufficient_scope")]
    public async Task WrongScope_Is403()
    {
        var receiver = await CreateReceiverAsync(_server);
        var token = await _server.GetTokenAsync(receiver.ClientId, receiver.ClientSecret!, _server.Issuer + "/ssf", "tools:read");

        var (status, body, response) = await SendAsync(_server, HttpMethod.Get, "ssf/streams", token);
        response.Dispose();

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("insufficient_scope", body.GetProperty("error").GetString());
        Assert.StartsWith("MND3501:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a token for another audience is 401 invalid_token")]
    public async Task WrongAudience_Is401()
    {
        var receiver = await CreateReceiverAsync(_server);
        var token = await _server.GetTokenAsync(receiver.ClientId, receiver.ClientSecret!, "https://api.example.com", "ssf:manage");

        var (status, body, response) = await SendAsync(_server, HttpMethod.Get, "ssf/streams", token);
        response.Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_token", body.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "SSF 1.0 §8.1.1: another client's stream cannot be read, changed, verified, polled or deleted (404)")]
    public async Task OtherClientsStream_IsNotFound()
    {
        var owner = await ReceiverTokenAsync(_server, await CreateReceiverAsync(_server, "owner"));
        var stream = await CreateStreamAsync(_server, owner, Poll);
        var id = stream.GetProperty("stream_id").GetString()!;
        var intruder = await ReceiverTokenAsync(_server, await CreateReceiverAsync(_server, "intruder"));

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, "ssf/streams?stream_id=" + id, null),
            (HttpMethod.Patch, "ssf/streams", new { stream_id = id, description = "mine" }),
            (HttpMethod.Delete, "ssf/streams?stream_id=" + id, null),
            (HttpMethod.Get, "ssf/status?stream_id=" + id, null),
            (HttpMethod.Post, "ssf/verify", new { stream_id = id }),
            (HttpMethod.Post, "ssf/poll/" + id, new { returnImmediately = true }),
        })
        {
            var (status, error, response) = await SendAsync(_server, method, path, intruder, body);
            response.Dispose();
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("not_found", error.GetProperty("error").GetString());
        }

        var (ownStatus, _, own) = await SendAsync(_server, HttpMethod.Get, "ssf/streams", intruder);
        own.Dispose();
        Assert.Equal(HttpStatusCode.OK, ownStatus);
    }

    [Fact(DisplayName = "Stream limits: an unsupported delivery method and a plain-http-less endpoint are 400; streams per client are capped (409)")]
    public async Task Limits_AreEnforced()
    {
        var token = await ReceiverTokenAsync(_server, await CreateReceiverAsync(_server));

        var (status, body, response) = await SendAsync(_server, HttpMethod.Post, "ssf/streams", token, new { delivery = new { method = "urn:example:carrier-pigeon" } });
        response.Dispose();
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("MND3503:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        (status, body, response) = await SendAsync(_server, HttpMethod.Post, "ssf/streams", token, new { delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = "ftp://example.com/x" } });
        response.Dispose();
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("MND3504:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        await CreateStreamAsync(_server, token, Poll);
        await CreateStreamAsync(_server, token, Poll);
        (status, body, response) = await SendAsync(_server, HttpMethod.Post, "ssf/streams", token, new { delivery = Poll });
        response.Dispose();
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.StartsWith("MND3509:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact(DisplayName = "SSF 1.0 §8.1.4: verification requests closer than min_verification_interval are 429 with Retry-After")]
    public async Task Verification_IsRateLimited()
    {
        var token = await ReceiverTokenAsync(_server, await CreateReceiverAsync(_server));
        var id = (await CreateStreamAsync(_server, token, Poll)).GetProperty("stream_id").GetString();

        var (first, _, response) = await SendAsync(_server, HttpMethod.Post, "ssf/verify", token, new { stream_id = id, state = "a" });
        response.Dispose();
        var (second, body, again) = await SendAsync(_server, HttpMethod.Post, "ssf/verify", token, new { stream_id = id, state = "b" });
        using (again)
        {
            Assert.Equal(HttpStatusCode.NoContent, first);
            Assert.Equal(HttpStatusCode.TooManyRequests, second);
            Assert.NotNull(again.Headers.RetryAfter);
        }

        Assert.StartsWith("MND3511:", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }
}
