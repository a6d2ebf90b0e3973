namespace Mandate.Storage;

/// <summary>The kind of store failure an exception reports (<see cref="IStoreHealth.Classify"/>).</summary>
public enum StoreFault
{
    /// <summary>Not a store fault: a defect or a caller error, reported as such.</summary>
    None,

    /// <summary>The store cannot be reached or written right now (connection lost, lock held past the busy timeout,
    /// disk full, read-only, server shutting down); retrying later may succeed.</summary>
    Unavailable,

    /// <summary>The store reported corrupt data (a damaged page or file); an operator must restore it.</summary>
    Corrupt,
}
