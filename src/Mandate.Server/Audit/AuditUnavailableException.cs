namespace Mandate.Server.Audit;

/// <summary>An audit record could not be committed, so the action it records must not complete.</summary>
public sealed class AuditUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditUnavailableException()
        : base("The audit log is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AuditUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's failure.</summary>
    public AuditUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
