using Mandate.Server.Anomaly;
using Mandate.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.Tests.Anomaly;

/// <summary>Crafted audit records and inputs for the rule tests; time comes from a FakeTimeProvider.</summary>
internal sealed class RuleTestData
{
    public const string AgentId = "agt_test";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    public AnomalyOptions Options { get; } = new();

    public IOptions<AnomalyOptions> Wrapped => Microsoft.Extensions.Options.Options.Create(Options);

    public Agent Agent { get; set; } = new()
    {
        Id = AgentId,
        ClientId = AgentId,
        Name = "bot",
        AllowedScopes = ["tools:read"],
        AllowedAudiences = ["https://api.example.com"],
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    public AgentMonitoringPolicy? Policy { get; set; }

    public AnomalyInput Issued(string address = "198.51.100.7") => Input(new AuditRecord
    {
        Timestamp = Time.GetUtcNow(),
        Type = AuditEventTypes.TokenIssued,
        AgentId = AgentId,
        ClientId = AgentId,
        TokenId = "jti-" + Guid.NewGuid().ToString("N"),
        Scopes = "tools:read",
        Audience = "https://api.example.com",
        ClientAddress = address,
    });

    public AnomalyInput Denied(string error, string? scope = null, string? resource = null, bool authenticated = true, string address = "198.51.100.7") => Input(new AuditRecord
    {
        Timestamp = Time.GetUtcNow(),
        Type = AuditEventTypes.TokenDenied,
        AgentId = authenticated ? AgentId : null,
        ClientId = AgentId,
        Error = error,
        Scopes = scope,
        Audience = resource,
        ClientAddress = address,
    });

    private AnomalyInput Input(AuditRecord record) => new(record, AgentId, Agent, Policy);

    public static async Task<List<AnomalyAlert>> RunAsync(IAnomalyRule rule, AnomalyInput input)
    {
        var alerts = new List<AnomalyAlert>();
        await rule.EvaluateAsync(input, alerts, default);
        if (rule is IBatchedAnomalyRule batched)
        {
            var deferred = new List<(AnomalyAlert Alert, AnomalyInput Input)>();
            await batched.FlushAsync(deferred, default);
            alerts.AddRange(deferred.Select(d => d.Alert));
        }

        return alerts;
    }
}
