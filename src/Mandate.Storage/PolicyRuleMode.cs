namespace Mandate.Storage;

/// <summary>What the server does when a request breaks one rule of an agent's access policy (allowed hours, allowed networks).</summary>
public enum PolicyRuleMode
{
    /// <summary>The token endpoint refuses the request (<c>unauthorized_client</c>, audited) and the anomaly rule raises its alert.</summary>
    Enforce = 0,

    /// <summary>The request is served; only the anomaly rule's alert reports it.</summary>
    AlertOnly = 1,
}
