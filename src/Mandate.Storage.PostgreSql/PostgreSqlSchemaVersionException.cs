namespace Mandate.Storage.PostgreSql;

/// <summary>
/// Thrown by <see cref="PostgreSqlDatabase.OpenAsync"/> when the database schema was written by a newer Mandate
/// (its <c>mandate_schema_version</c> is above <see cref="PostgreSqlDatabase.SchemaVersion"/>). Upgrade every node,
/// or restore a backup taken before the newer version ran; never downgrade in place.
/// </summary>
public sealed class PostgreSqlSchemaVersionException(string database, int foundVersion, int supportedVersion)
    : InvalidOperationException(
        $"MND0500: The PostgreSQL database {database} has Mandate schema version {foundVersion}, but this version of " +
        $"Mandate supports schema versions up to {supportedVersion}. It was migrated by a newer Mandate; upgrade " +
        "Mandate on this node or restore a backup instead of downgrading.")
{
    /// <summary>The schema version found in the database.</summary>
    public int FoundVersion { get; } = foundVersion;

    /// <summary>The newest schema version this build knows.</summary>
    public int SupportedVersion { get; } = supportedVersion;
}
