namespace Mandate.Storage;

/// <summary>Lifecycle state of an agent. Only <see cref="Active"/> agents authenticate.</summary>
public enum AgentStatus
{
    /// <summary>The agent may authenticate and get tokens.</summary>
    Active = 0,

    /// <summary>Temporarily blocked; can be resumed.</summary>
    Suspended = 1,

    /// <summary>Permanently retired; cannot be resumed.</summary>
    Decommissioned = 2,
}
