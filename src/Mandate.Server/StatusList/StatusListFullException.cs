namespace Mandate.Server.StatusList;

/// <summary>Thrown when no status-list index could be allocated: every probe of every list hit a live token. The token
/// is not issued; raise <see cref="StatusListOptions.ListCount"/> or <see cref="StatusListOptions.ListSize"/>.</summary>
public sealed class StatusListFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StatusListFullException()
        : base("MND0905: every status list is full; raise StatusList ListCount or ListSize.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StatusListFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StatusListFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
