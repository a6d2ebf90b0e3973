// Token endpoint step: the agent's token request limits (per UTC minute and per UTC day, from its policy),
// counted in IRateLimitStore so that every server sharing the store counts into the same windows. Checked after
// client authentication and the access policy, before the grant handler; refused requests count too, so a
// client that ignores Retry-After stays limited. A store failure is a 503 (fail closed), one log line.
using Mandate.Protocol;
using Mandate.Server.Anomaly;
using Mandate.Storage;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.RateLimiting;

internal sealed class AgentRateLimitStep(MonitoringPolicyCache policies, IRateLimitStore store, TimeProvider timeProvider, ILogger<AgentRateLimitStep> logger)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Null when the agent is within its limits (the request is counted); else the error, its audit reason and the Retry-After delay (null: 503).</summary>
    public async ValueTask<(OAuthError Error, string Reason, TimeSpan? RetryAfter)?> CheckAsync(string agentId, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(agentId, cancellationToken).ConfigureAwait(false);
        if (policy is not { TokensPerMinute: not null } and not { TokensPerDay: not null })
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        try
        {
            if (policy.TokensPerMinute is { } perMinute
                && await CountAsync("agent-minute:" + agentId, now, Minute, cancellationToken).ConfigureAwait(false) is var (minuteCount, minuteEnd)
                && minuteCount > perMinute)
            {
                return Limited(agentId, RateLimitErrors.PerMinute, RateLimitErrors.PerMinuteReason, minuteEnd - now);
            }

            if (policy.TokensPerDay is { } perDay
                && await CountAsync("agent-day:" + agentId, now, Day, cancellationToken).ConfigureAwait(false) is var (dayCount, dayEnd)
                && dayCount > perDay)
            {
                return Limited(agentId, RateLimitErrors.PerDay, RateLimitErrors.PerDayReason, dayEnd - now);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RateLimitLog.StoreFailed(logger, ex.GetType().Name, ex.Message);
            return (RateLimitErrors.StoreUnavailable, "rate_limit_store_unavailable", null);
        }

        return null;
    }

    private async ValueTask<(long Count, DateTimeOffset End)> CountAsync(string key, DateTimeOffset now, TimeSpan length, CancellationToken cancellationToken)
    {
        var (start, end) = FixedWindow.Of(now, length);
        return (await store.IncrementAsync(key, start, end, cancellationToken).ConfigureAwait(false), end);
    }

    private (OAuthError, string, TimeSpan?) Limited(string agentId, OAuthError error, string reason, TimeSpan retryAfter)
    {
        RateLimitLog.AgentLimited(logger, agentId, reason, retryAfter);
        return (error, reason, retryAfter);
    }
}
