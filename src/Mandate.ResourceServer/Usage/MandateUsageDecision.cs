namespace Mandate.ResourceServer.Usage;

/// <summary>Whether the API let a request through to its endpoint.</summary>
public enum MandateUsageDecision
{
    /// <summary>Authenticated and authorized: the endpoint ran.</summary>
    Allowed = 0,

    /// <summary>Refused with 400, 401 or 403: the endpoint did not run.</summary>
    Refused = 1,
}
