// Backoff for transient token endpoint failures: exponential with full jitter
// (delay = uniform(0, min(MaxDelay, BaseDelay * 2^(n-1)))), and RFC 9110 §10.2.3 Retry-After
// as delay-seconds or HTTP-date, which replaces the computed delay.
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Mandate.Agent;

internal static class RetryDelays
{
    /// <summary>Full-jitter backoff before attempt <paramref name="failedAttempts"/> + 1.</summary>
    public static TimeSpan Backoff(MandateRetryOptions retry, int failedAttempts)
    {
        var ceiling = Exponential(retry, failedAttempts).Ticks;
        return ceiling <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(ceiling * UniformFraction()));
    }

    /// <summary>min(MaxDelay, BaseDelay × 2^(n-1)) without jitter: the hold after permanent rejections.</summary>
    public static TimeSpan Exponential(MandateRetryOptions retry, int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        return TimeSpan.FromTicks(Math.Min(retry.MaxDelay.Ticks, retry.BaseDelay.Ticks * (1L << exponent)));
    }

    /// <summary>Uniform random value in [0, 1) from the cryptographic generator (System.Random is banned).</summary>
    public static double UniformFraction()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return (BitConverter.ToUInt64(bytes) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The wait a <c>Retry-After</c> header asks for, relative to <paramref name="now"/>;
    /// <see langword="null"/> when absent. A date in the past means zero.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
