// Runs the anomaly rules over committed token-request audit records. It sees records through
// IAuditBatchObserver (after the batch committed and its requests were released) and only copies them into
// a bounded queue there (AnomalyFeed), so detection never adds latency to token issuance; one loop evaluates the rules.
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.Anomaly;

internal sealed class AnomalyDetector : BackgroundService
{
    private readonly IReadOnlyList<IAnomalyRule> _rules;
    private readonly IBatchedAnomalyRule[] _batched;
    private readonly TimeProvider _timeProvider;
    private readonly List<(AnomalyAlert Alert, AnomalyInput Input)> _deferred = [];
    private readonly AgentCache _agents;
    private readonly MonitoringPolicyCache _policies;
    private readonly AlertDispatcher _dispatcher;
    private readonly ILogger<AnomalyDetector> _logger;
    private readonly AnomalyFeed _feed;
    private readonly List<AnomalyAlert> _alerts = [];
    private long _droppedReported;

    public AnomalyDetector(
        AnomalyFeed feed,
        IEnumerable<IAnomalyRule> rules,
        AgentCache agents,
        MonitoringPolicyCache policies,
        AlertDispatcher dispatcher,
        TimeProvider timeProvider,
        ILogger<AnomalyDetector> logger)
    {
        _rules = [.. rules];
        _batched = [.. _rules.OfType<IBatchedAnomalyRule>()];
        _timeProvider = timeProvider;
        _agents = agents;
        _policies = policies;
        _dispatcher = dispatcher;
        _logger = logger;
        _feed = feed;
    }

    /// <summary>Runs every rule on <paramref name="record"/> and dispatches the alerts; the detector loop calls it, tests may too.</summary>
    /// <returns>The alerts raised (after suppression of repeats).</returns>
    public async Task<IReadOnlyList<AnomalyAlert>> EvaluateAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        // Who the request concerns: the authenticated agent, else the agent the claimed client_id names.
        var agentId = record.AgentId ?? record.ClientId;
        if (agentId is null || await _agents.FindAsync(agentId, cancellationToken).ConfigureAwait(false) is not { } agent)
        {
            return [];
        }

        var input = new AnomalyInput(record, agent.Id, agent, await _policies.GetAsync(agent.Id, cancellationToken).ConfigureAwait(false));
        _alerts.Clear();
        foreach (var rule in _rules)
        {
            try
            {
                await rule.EvaluateAsync(input, _alerts, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                AnomalyLog.RuleFailed(_logger, exception, rule.GetType().Name, record.Type);
            }
        }

        var raised = new List<AnomalyAlert>(_alerts.Count);
        foreach (var alert in _alerts)
        {
            if (await _dispatcher.DispatchAsync(alert, input, cancellationToken).ConfigureAwait(false))
            {
                raised.Add(alert);
            }
        }

        return raised;
    }

    /// <summary>
    /// Has every batched rule write what it queued, and dispatches the alerts that follow; the detector loop calls it
    /// when the feed is momentarily empty or a queue is full or old, tests may too.
    /// </summary>
    /// <returns>The alerts raised (after suppression of repeats).</returns>
    public async Task<IReadOnlyList<AnomalyAlert>> FlushAsync(CancellationToken cancellationToken)
    {
        var raised = new List<AnomalyAlert>();
        foreach (var rule in _batched)
        {
            _deferred.Clear();
            try
            {
                await rule.FlushAsync(_deferred, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                AnomalyLog.RuleFailed(_logger, exception, rule.GetType().Name, "batch");
                continue;
            }

            foreach (var (alert, input) in _deferred)
            {
                if (await _dispatcher.DispatchAsync(alert, input, cancellationToken).ConfigureAwait(false))
                {
                    raised.Add(alert);
                }
            }
        }

        return raised;
    }

    private bool FlushDue()
    {
        if (!_feed.Reader.TryPeek(out _))
        {
            return true;
        }

        var now = _timeProvider.GetUtcNow();
        foreach (var rule in _batched)
        {
            if (rule.Pending >= IBatchedAnomalyRule.MaxPending || (rule.Pending > 0 && now - rule.OldestQueuedAt >= IBatchedAnomalyRule.MaxDelay))
            {
                return true;
            }
        }

        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var record in _feed.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                ReportDrops();
                try
                {
                    await EvaluateAsync(record, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is InvalidOperationException or IOException or System.Data.Common.DbException)
                {
                    AnomalyLog.RuleFailed(_logger, exception, nameof(AnomalyDetector), record.Type);
                }

                if (_batched.Length > 0 && FlushDue())
                {
                    await FlushAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void ReportDrops()
    {
        var dropped = _feed.Dropped;
        if (dropped != _droppedReported)
        {
            _droppedReported = dropped;
            AnomalyLog.RecordsDropped(_logger, dropped);
        }
    }
}
