namespace Mandate.Server.Anomaly;

/// <summary>Rule names: the <c>rule</c> of an alert and, prefixed with <c>alert.</c>, its audit record type.</summary>
internal static class AnomalyRules
{
    public const string AuditTypePrefix = "alert.";
    public const string RateSpike = "rate_spike";
    public const string OutOfPolicy = "out_of_policy";
    public const string OutsideAllowedHours = "outside_allowed_hours";
    public const string UnusualHour = "unusual_hour";
    public const string NewNetwork = "new_network";
    public const string NetworkNotAllowed = "network_not_allowed";
    public const string InactiveAgent = "inactive_agent";
}
