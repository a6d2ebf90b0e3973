// Issue 7: every token request is on the record (granted with jti/scopes/audience/lifetime, or denied
// with its reason), correlated with W3C trace context, and never with a token or secret value.
using System.Net;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Audit;

public sealed class TokenEndpointAuditTests : IAsyncLifetime
{
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    // Set-up also writes records (first key, agent creation by the server); these tests look at token requests.
    private static readonly AuditQuery TokenRecords = new() { Type = "token." };
    private readonly RecordingAuditStore _store = new();
    private ServerHarness _server = null!;
    private Agent _agent = null!;
    private string _secret = "";

    public async Task InitializeAsync()
    {
        _server = await ServerHarness.CreateAsync(services: s => s.AddSingleton<IAuditStore>(_store));
        (_agent, var secret) = await _server.CreateAgentAsync();
        _secret = secret!;
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Granted_RecordsIssuanceWithJtiScopesAudienceLifetimeAddressUserAgentAndTrace()
    {
        var result = await SendAsync("grant_type=client_credentials&scope=invoices:read", ServerHarness.Basic(_agent.ClientId, _secret));

        Assert.Equal(200, result.StatusCode);
        var record = Assert.Single(await _store.QueryAsync(TokenRecords, default));
        Assert.Equal(AuditEventTypes.TokenIssued, record.Type);
        Assert.Equal(JwtParts.Payload(result.AccessToken).GetProperty("jti").GetString(), record.TokenId);
        Assert.Equal(_agent.Id, record.AgentId);
        Assert.Equal(_agent.ClientId, record.ClientId);
        Assert.Equal("client_credentials", record.GrantType);
        Assert.Equal("invoices:read", record.Scopes);
        Assert.Equal(ServerHarness.Api, record.Audience);
        Assert.Equal(300, record.LifetimeSeconds);
        Assert.Equal("192.0.2.10", record.ClientAddress);
        Assert.Equal("billing-agent/2.1", record.UserAgent);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", record.TraceId);
        Assert.Equal(_server.Time.GetUtcNow(), record.Timestamp);
        Assert.NotNull(record.KeyId);
    }

    [Fact]
    public async Task WrongSecret_RecordsDenialWithReason_AndNoSecret()
    {
        var result = await SendAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, "mnd_wrong-secret-value"));

        Assert.Equal(401, result.StatusCode);
        var record = Assert.Single(await _store.QueryAsync(TokenRecords, default));
        Assert.Equal(AuditEventTypes.TokenDenied, record.Type);
        Assert.Equal("invalid_client", record.Error);
        Assert.Equal("wrong client secret", record.Reason);
        Assert.Equal(_agent.ClientId, record.ClientId);
        Assert.Null(record.AgentId);
        AssertNoSecret(record, "mnd_wrong-secret-value");
    }

    [Fact]
    public async Task ScopeOutsidePolicy_RecordsDenialWithRequestedScope()
    {
        var result = await SendAsync("grant_type=client_credentials&scope=payroll:write", ServerHarness.Basic(_agent.ClientId, _secret));

        Assert.Equal(400, result.StatusCode);
        var record = Assert.Single(await _store.QueryAsync(TokenRecords, default));
        Assert.Equal("invalid_scope", record.Error);
        Assert.Equal(_agent.Id, record.AgentId);
        Assert.Equal("payroll:write", record.Scopes);
    }

    [Fact]
    public async Task MalformedForm_IsStillAudited()
    {
        var result = await _server.SendAsync("grant_type=a&grant_type=b"u8.ToArray(), null, "application/x-www-form-urlencoded");

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_request", Assert.Single(await _store.QueryAsync(TokenRecords, default)).Error);
    }

    [Fact]
    public async Task AuditStoreFails_TokenIsWithheldWith503()
    {
        _store.FailWith = new IOException("disk full");

        var result = await SendAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal("temporarily_unavailable", result.Error);
        Assert.False(result.Json.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task NoTokenOrSecretValueInAnyRecord()
    {
        var granted = await SendAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret));
        await SendAsync("grant_type=client_credentials", ServerHarness.Basic(_agent.ClientId, _secret + "x"));
        await SendAsync("grant_type=client_credentials&client_id=" + _agent.ClientId + "&client_secret=" + _secret, null);

        var records = await _store.QueryAsync(new AuditQuery(), default);
        Assert.Equal(3, records.Count(r => r.Type.StartsWith("token.", StringComparison.Ordinal)));
        foreach (var record in records)
        {
            AssertNoSecret(record, _secret);
            AssertNoSecret(record, granted.AccessToken);
            AssertNoSecret(record, granted.AccessToken.Split('.')[2]);
        }
    }

    private static void AssertNoSecret(AuditRecord record, string secret) =>
        Assert.DoesNotContain(secret, record.ToString(), StringComparison.Ordinal);

    private Task<HttpResult> SendAsync(string form, string? authorization) =>
        _server.SendAsync(System.Text.Encoding.UTF8.GetBytes(form), authorization, "application/x-www-form-urlencoded", prepare: context =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
            context.Request.Headers.UserAgent = "billing-agent/2.1";
            context.Request.Headers.TraceParent = TraceParent;
        });
}
