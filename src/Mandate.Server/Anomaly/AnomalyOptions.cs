namespace Mandate.Server.Anomaly;

/// <summary>
/// Anomaly detection: the rules, their thresholds and severities, and where alerts go.
/// Bound from the <c>Mandate:Anomaly</c> configuration section by <c>mandate serve</c>.
/// </summary>
public sealed class AnomalyOptions
{
    /// <summary>Runs the rules over committed audit records. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Lets a high-severity alert suspend its agent, for agents whose monitoring policy also opts in.
    /// Default: false (alerts only).
    /// </summary>
    public bool AutoSuspend { get; set; }

    /// <summary>Records waiting for the rules; when full, the oldest are dropped and counted in the log. 100–1,000,000. Default: 65,536.</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>The same rule for the same agent and subject alerts at most once per this period. 0 – 1 day. Default: 15 minutes.</summary>
    public TimeSpan SuppressRepeatsFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Rule <c>rate_spike</c>.</summary>
    public RateSpikeRuleOptions RateSpike { get; set; } = new();

    /// <summary>Rule <c>out_of_policy</c>: scopes or audiences outside the agent's policy. Default severity: medium.</summary>
    public AlertSeverity OutOfPolicySeverity { get; set; } = AlertSeverity.Medium;

    /// <summary>Rules <c>outside_allowed_hours</c> and <c>unusual_hour</c>.</summary>
    public HoursRuleOptions Hours { get; set; } = new();

    /// <summary>Rules <c>new_network</c> and <c>network_not_allowed</c>.</summary>
    public NetworkRuleOptions Network { get; set; } = new();

    /// <summary>Rule <c>inactive_agent</c>: a token request by a suspended or decommissioned agent. Default severity: high.</summary>
    public AlertSeverity InactiveAgentSeverity { get; set; } = AlertSeverity.High;

    /// <summary>Where alerts are POSTed.</summary>
    public AlertWebhookOptions Webhook { get; set; } = new();
}

/// <summary>Token-request rate of an agent against its own EWMA baseline over fixed windows.</summary>
public sealed class RateSpikeRuleOptions
{
    /// <summary>Length of one counting window. 10 seconds – 1 hour. Default: 1 minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>EWMA weight of the newest window (0 &lt; α ≤ 1). Default: 0.2.</summary>
    public double Alpha { get; set; } = 0.2;

    /// <summary>Alert when a window's count exceeds the baseline times this factor. 1.5–1000. Default: 4.</summary>
    public double Factor { get; set; } = 4;

    /// <summary>No alert below this many requests in a window (quiet agents never alert). 1–1,000,000. Default: 30.</summary>
    public int MinRequests { get; set; } = 30;

    /// <summary>Windows of history (counted from the agent's first request) before the rule may fire. 1–1000. Default: 5.</summary>
    public int WarmupWindows { get; set; } = 5;

    /// <summary>Severity of the alert. Default: medium.</summary>
    public AlertSeverity Severity { get; set; } = AlertSeverity.Medium;
}

/// <summary>Activity outside the policy's hours, or at hours the agent rarely works.</summary>
public sealed class HoursRuleOptions
{
    /// <summary>Severity of <c>outside_allowed_hours</c> (policy). Default: medium.</summary>
    public AlertSeverity OutsideAllowedSeverity { get; set; } = AlertSeverity.Medium;

    /// <summary>Severity of <c>unusual_hour</c> (learned). Default: low.</summary>
    public AlertSeverity UnusualSeverity { get; set; } = AlertSeverity.Low;

    /// <summary>Requests of history the learned histogram needs before <c>unusual_hour</c> may fire. 10–10,000,000. Default: 500.</summary>
    public int MinHistory { get; set; } = 500;

    /// <summary>An hour (UTC) is unusual when it holds less than this share of the agent's history. 0–0.5. Default: 0.01.</summary>
    public double UnusualShare { get; set; } = 0.01;
}

/// <summary>Requests from networks never seen for the agent, and CIDR allow-lists.</summary>
public sealed class NetworkRuleOptions
{
    /// <summary>Severity of <c>new_network</c>. Default: medium. The agent's first network is learned silently.</summary>
    public AlertSeverity NewNetworkSeverity { get; set; } = AlertSeverity.Medium;

    /// <summary>Severity of <c>network_not_allowed</c> (outside the agent's CIDR allow-list). Default: high.</summary>
    public AlertSeverity NotAllowedSeverity { get; set; } = AlertSeverity.High;

    /// <summary>IPv4 prefix length that defines "a network". 8–32. Default: 24.</summary>
    public int IPv4PrefixLength { get; set; } = 24;

    /// <summary>IPv6 prefix length that defines "a network". 16–128. Default: 48.</summary>
    public int IPv6PrefixLength { get; set; } = 48;

    /// <summary>Optional path of a MaxMind GeoLite2/GeoIP2 Country or City <c>.mmdb</c> file; alerts then name the country. Default: null.</summary>
    public string? GeoIpDatabasePath { get; set; }
}

/// <summary>The alert webhook: a JSON POST per alert, signed when a secret is set, retried with backoff.</summary>
public sealed class AlertWebhookOptions
{
    /// <summary>Absolute http(s) URL to POST alerts to; null disables the webhook. Default: null.</summary>
    public Uri? Url { get; set; }

    /// <summary>When set, each POST carries <c>Mandate-Signature: t=UNIX,v1=HEX(HMAC-SHA256(secret, "t.body"))</c>. At least 16 characters. Default: null.</summary>
    public string? Secret { get; set; }

    /// <summary>Delivery attempts per alert, the first included. 1–20. Default: 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Backoff before the second attempt; doubles each time, with full jitter. 10 ms – 1 minute. Default: 1 second.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff between attempts. ≥ InitialBackoff, at most 1 hour. Default: 5 minutes.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one POST. 1 second – 2 minutes. Default: 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Alerts waiting for delivery; when full, new alerts are dropped from the webhook (still logged and audited). 1–100,000. Default: 1,000.</summary>
    public int QueueCapacity { get; set; } = 1_000;
}
