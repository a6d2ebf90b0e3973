using System.Globalization;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

/// <summary>
/// <c>outside_allowed_hours</c>: a request outside the hours of the agent's monitoring policy (in its IANA
/// time zone). <c>unusual_hour</c>: a request in a UTC hour that holds less than
/// <see cref="HoursRuleOptions.UnusualShare"/> of the agent's learned history, once the history has
/// <see cref="HoursRuleOptions.MinHistory"/> requests. The histogram is in memory (relearned after a restart).
/// </summary>
internal sealed class HoursRule(IOptions<AnomalyOptions> options) : IAnomalyRule
{
    private readonly Dictionary<string, long[]> _histograms = new(StringComparer.Ordinal);

    public ValueTask EvaluateAsync(AnomalyInput input, List<AnomalyAlert> alerts, CancellationToken cancellationToken)
    {
        var settings = options.Value.Hours;
        var record = input.Record;
        if (input.Policy is { AllowedHoursStart: { } start, AllowedHoursEnd: { } end } policy
            && MonitoringPolicyRules.TryFindZone(policy.TimeZone, out var zone))
        {
            var local = TimeZoneInfo.ConvertTime(record.Timestamp, zone);
            if (!MonitoringPolicyRules.IsWithinHours(local.Hour, start, end))
            {
                var hours = start.ToString("00", CultureInfo.InvariantCulture) + "-" + end.ToString("00", CultureInfo.InvariantCulture);
                alerts.Add(AnomalyAlert.For(record, input.AgentId, AnomalyRules.OutsideAllowedHours, settings.OutsideAllowedSeverity,
                    "Activity at " + local.ToString("HH:mm", CultureInfo.InvariantCulture) + " " + zone.Id + ", outside the allowed hours " + hours + ".",
                    "hour:" + local.Hour.ToString(CultureInfo.InvariantCulture),
                    ("local_time", local.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)), ("allowed_hours", hours), ("time_zone", zone.Id)));
            }
        }

        if (!input.Issued)
        {
            return ValueTask.CompletedTask;
        }

        // Learned: only granted requests build the histogram, so failed guessing does not teach it.
        if (!_histograms.TryGetValue(input.AgentId, out var histogram))
        {
            histogram = new long[25];
            _histograms[input.AgentId] = histogram;
        }

        var hour = record.Timestamp.UtcDateTime.Hour;
        var total = histogram[24];
        if (total >= settings.MinHistory && histogram[hour] < settings.UnusualShare * total)
        {
            var share = (histogram[hour] / (double)total).ToString("0.####", CultureInfo.InvariantCulture);
            alerts.Add(AnomalyAlert.For(record, input.AgentId, AnomalyRules.UnusualHour, settings.UnusualSeverity,
                "Activity at " + hour.ToString("00", CultureInfo.InvariantCulture) + ":00 UTC, an hour this agent rarely works.",
                "hour:" + hour.ToString(CultureInfo.InvariantCulture),
                ("utc_hour", hour.ToString(CultureInfo.InvariantCulture)), ("share_of_history", share), ("history", total.ToString(CultureInfo.InvariantCulture))));
        }

        histogram[hour]++;
        histogram[24]++;
        return ValueTask.CompletedTask;
    }
}
