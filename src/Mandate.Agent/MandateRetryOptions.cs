namespace Mandate.Agent;

/// <summary>
/// Retry policy of the token client for transient token endpoint failures: network errors, HTTP 408,
/// 429 and 5xx. Delays use exponential backoff with full jitter (a uniform random delay between zero
/// and <c>min(MaxDelay, BaseDelay × 2^(attempt − 1))</c>); a <c>Retry-After</c> header replaces the
/// computed delay.
/// </summary>
public sealed class MandateRetryOptions
{
    /// <summary>Total number of HTTP attempts per token request, the first one included.</summary>
    /// <value>Between 1 and 10. Default: 4. 1 disables retries.</value>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Upper bound of the first backoff delay; it doubles with every further attempt.</summary>
    /// <value>Between 1 millisecond and 10 seconds. Default: 200 milliseconds.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest backoff delay. A <c>Retry-After</c> longer than this ends the retries instead
    /// of holding the caller.</summary>
    /// <value>Between <see cref="BaseDelay"/> and 5 minutes. Default: 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string ToString() =>
        $"MaxAttempts = {MaxAttempts}, BaseDelay = {BaseDelay}, MaxDelay = {MaxDelay}";
}
