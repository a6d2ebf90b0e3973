namespace Mandate.Server.Anomaly;

/// <summary>How serious an anomaly alert is. Only <see cref="High"/> can suspend an agent automatically.</summary>
public enum AlertSeverity
{
    /// <summary>Worth a look (e.g. activity at an hour the agent rarely works).</summary>
    Low,

    /// <summary>Likely misuse or misconfiguration (e.g. a new network, a rate spike).</summary>
    Medium,

    /// <summary>A policy was broken (e.g. a suspended agent tried to get a token).</summary>
    High,
}
