namespace Mandate.Storage.Sqlite;

/// <summary>
/// Thrown by <see cref="SqliteDatabase.Open(string)"/> when the database file was written by a newer Mandate
/// (its <c>PRAGMA user_version</c> is above <see cref="SqliteDatabase.SchemaVersion"/>). Upgrade
/// Mandate, or restore a backup taken before the newer version ran; never downgrade in place.
/// </summary>
public sealed class SqliteSchemaVersionException(string databasePath, int foundVersion, int supportedVersion)
    : InvalidOperationException(
        $"The SQLite database '{databasePath}' has schema version {foundVersion}, but this version of Mandate " +
        $"supports schema versions up to {supportedVersion}. It was written by a newer Mandate; upgrade " +
        "Mandate or restore a backup instead of downgrading.")
{
    /// <summary>The schema version found in the file.</summary>
    public int FoundVersion { get; } = foundVersion;

    /// <summary>The newest schema version this build knows.</summary>
    public int SupportedVersion { get; } = supportedVersion;
}
