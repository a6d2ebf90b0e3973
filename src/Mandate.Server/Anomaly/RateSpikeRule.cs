using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

/// <summary>
/// <c>rate_spike</c>: counts each agent's token requests (granted and denied) in fixed windows of
/// <see cref="RateSpikeRuleOptions.Window"/> and keeps an exponentially weighted moving average of past
/// windows as the agent's own baseline. A window alerts once when its count reaches
/// <see cref="RateSpikeRuleOptions.MinRequests"/> and exceeds baseline × <see cref="RateSpikeRuleOptions.Factor"/>,
/// after <see cref="RateSpikeRuleOptions.WarmupWindows"/> windows of history. Empty windows decay the baseline.
/// State is in memory: after a restart each agent warms up again.
/// </summary>
internal sealed class RateSpikeRule(IOptions<AnomalyOptions> options) : IAnomalyRule
{
    private readonly Dictionary<string, State> _agents = new(StringComparer.Ordinal);

    public ValueTask EvaluateAsync(AnomalyInput input, List<AnomalyAlert> alerts, CancellationToken cancellationToken)
    {
        var settings = options.Value.RateSpike;
        var window = input.Record.Timestamp.UtcTicks / settings.Window.Ticks;
        if (!_agents.TryGetValue(input.AgentId, out var state))
        {
            state = new State { Window = window, AlertedWindow = -1 };
            _agents[input.AgentId] = state;
        }

        if (window > state.Window)
        {
            // Close the current window, then decay over the empty windows in between.
            state.Baseline = state.ClosedWindows == 0 ? state.Count : (settings.Alpha * state.Count) + ((1 - settings.Alpha) * state.Baseline);
            var empty = window - state.Window - 1;
            if (empty > 0)
            {
                state.Baseline *= Math.Pow(1 - settings.Alpha, Math.Min(empty, 10_000));
            }

            state.ClosedWindows += window - state.Window;
            state.Window = window;
            state.Count = 0;
        }

        // A late record (another node's clock) counts into the current window.
        state.Count++;
        if (state.ClosedWindows >= settings.WarmupWindows && state.Count >= settings.MinRequests
            && state.Count > state.Baseline * settings.Factor && state.AlertedWindow != state.Window)
        {
            state.AlertedWindow = state.Window;
            var baseline = state.Baseline.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
            var count = state.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            alerts.Add(AnomalyAlert.For(input.Record, input.AgentId, AnomalyRules.RateSpike, settings.Severity,
                "Token requests in this window reached " + count + " against a baseline of " + baseline + ".", null,
                ("count", count), ("baseline", baseline),
                ("window_seconds", ((long)settings.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        return ValueTask.CompletedTask;
    }

    private sealed class State
    {
        public long Window;
        public int Count;
        public double Baseline;
        public long ClosedWindows;
        public long AlertedWindow;
    }
}
