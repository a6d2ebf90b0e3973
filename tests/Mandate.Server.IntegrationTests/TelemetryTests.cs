// The Mandate.Server meter and activity source over real HTTP (docs/observability.md): tokens issued and denied with
// their tags, the latency histograms, introspection and revocation counts, and one activity per token request whose
// trace and span ids are the audit record's (issue #7: audit correlated with W3C trace context).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mandate.Server.IntegrationTests.Revocation;
using Mandate.Storage;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests;

public sealed class TelemetryTests : IAsyncLifetime
{
    private MandateTestServer _server = null!;

    public async Task InitializeAsync() => _server = await MandateTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TokenRequests_CountIssuedAndDeniedByTag_RecordLatency_AndTraceMatchesAudit()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        using var metrics = new ServerMeasurements(_server.Services.GetRequiredService<IMeterFactory>());
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MandateServerTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("oauth.client_id") as string == agent.ClientId)
                {
                    activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var token = await RevocationClient.TokenAsync(_server, agent);
        using (var wrongSecret = await TokenRequestAsync(agent.ClientId, "mnd_wrong", ("grant_type", "client_credentials")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        }

        using (var badScope = await TokenRequestAsync(agent.ClientId, agent.ClientSecret!, ("grant_type", "client_credentials"), ("scope", "tools:admin"), ("resource", RevocationClient.Api)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        }

        Assert.Equal(1, metrics.Sum("mandate.server.tokens.issued", ("grant_type", "client_credentials")));
        Assert.Equal(1, metrics.Sum("mandate.server.tokens.denied", ("error", "invalid_client"), ("mandate.error_id", "MND2100")));
        Assert.Equal(1, metrics.Sum("mandate.server.tokens.denied", ("error", "invalid_scope"), ("mandate.error_id", "MND2300")));
        Assert.Equal(1, metrics.Count("mandate.server.token.duration", ("outcome", "issued")));
        Assert.Equal(2, metrics.Count("mandate.server.token.duration", ("outcome", "denied")));
        Assert.Equal(1, metrics.Count("mandate.server.token.signing.duration"));

        var jti = AuditApiTestsJti(token);
        var issued = Assert.Single(activities, a => a.GetTagItem("mandate.outcome") as string == "issued");
        Assert.Equal(ServerTracing.TokenRequestActivity, issued.OperationName);
        Assert.Equal(jti, issued.GetTagItem("mandate.token.jti"));
        Assert.Equal("client_credentials", issued.GetTagItem("oauth.grant_type"));
        Assert.Equal(2, activities.Count(a => a.GetTagItem("mandate.outcome") as string == "denied"));
        Assert.Contains(activities, a => a.GetTagItem("error.type") as string == "invalid_client");

        var store = _server.Services.GetRequiredService<IAuditStore>();
        var records = await store.QueryAsync(new AuditQuery { Agent = agent.ClientId, Type = "token.issued" }, CancellationToken.None);
        var record = Assert.Single(records);
        Assert.Equal(jti, record.TokenId);
        Assert.Equal(issued.TraceId.ToHexString(), record.TraceId);
        Assert.Equal(issued.SpanId.ToHexString(), record.SpanId);

        // Never a token or a secret in a tag.
        foreach (var activity in activities)
        {
            foreach (var tag in activity.TagObjects)
            {
                var value = tag.Value?.ToString() ?? "";
                Assert.DoesNotContain(token, value);
                Assert.DoesNotContain(agent.ClientSecret!, value);
            }
        }
    }

    [Fact]
    public async Task IntrospectionAndRevocation_AreCounted()
    {
        var agent = await RevocationClient.CreateAgentAsync(_server);
        var token = await RevocationClient.TokenAsync(_server, agent);
        using var metrics = new ServerMeasurements(_server.Services.GetRequiredService<IMeterFactory>());

        var active = await RevocationClient.IntrospectAsync(_server, agent, token);
        Assert.True(active.GetProperty("active").GetBoolean());
        using (var revoke = await RevocationClient.PostFormAsync(_server, "revoke", agent, ("token", token)))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        // RFC 7009 §2.2: an unknown token is still answered 200; it is counted as ignored.
        using (var unknown = await RevocationClient.PostFormAsync(_server, "revoke", agent, ("token", "not-a-token")))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        }

        var inactive = await RevocationClient.IntrospectAsync(_server, agent, token);
        Assert.False(inactive.GetProperty("active").GetBoolean());

        Assert.Equal(1, metrics.Sum("mandate.server.introspections", ("active", "true")));
        Assert.Equal(1, metrics.Sum("mandate.server.introspections", ("active", "false")));
        Assert.Equal(1, metrics.Sum("mandate.server.revocations", ("outcome", "revoked")));
        Assert.Equal(1, metrics.Sum("mandate.server.revocations", ("outcome", "ignored")));
    }

    [Fact]
    public async Task RevocationFeedSubscribers_GoUpWhileStreamingAndDownAfter()
    {
        using var metrics = new ServerMeasurements(_server.Services.GetRequiredService<IMeterFactory>());
        using (var request = new HttpRequestMessage(HttpMethod.Get, "revocations"))
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await _server.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.NotNull(await reader.ReadLineAsync()); // the hello event: the stream is open
            Assert.Equal(1, metrics.Sum("mandate.server.revocation_feed.subscribers"));
        }

        // The server notices the closed connection asynchronously; bounded wait, no timing assertion.
        for (var i = 0; i < 100 && metrics.Sum("mandate.server.revocation_feed.subscribers") != 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, metrics.Sum("mandate.server.revocation_feed.subscribers"));
    }

    private async Task<HttpResponseMessage> TokenRequestAsync(string clientId, string secret, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return await _server.HttpClient.SendAsync(request);
    }

    private static string AuditApiTestsJti(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var json = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(payload));
        return json.RootElement.GetProperty("jti").GetString()!;
    }

    /// <summary>Measurements of one server's Mandate.Server meter (the IMeterFactory scope isolates parallel tests).</summary>
    private sealed class ServerMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = new();

        public ServerMeasurements(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MandateServerTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
            _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
            _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
            _listener.Start();
        }

        public long Sum(string instrument, params (string Key, string Value)[] tags) =>
            (long)Matching(instrument, tags).Sum(m => m.Value);

        public int Count(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Count();

        public void Dispose() => _listener.Dispose();

        private IEnumerable<(string Instrument, double Value, Dictionary<string, string?> Tags)> Matching(string instrument, (string Key, string Value)[] tags) =>
            _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value));

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((instrument.Name, value, map));
        }
    }
}
