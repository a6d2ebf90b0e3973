using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary>
/// SQLite's <see cref="IStoreHealth"/>: the write probe bumps the one-row <c>write_probe</c> table in its own
/// transaction (so it needs the write lock, a WAL append and an fsync, like every real write), and the
/// classification follows SQLite's primary result codes (https://www.sqlite.org/rescode.html).
/// </summary>
public sealed class SqliteStoreHealth(SqliteDatabase database) : IStoreHealth
{
    private const int SqlitePerm = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteNoMem = 7;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteProtocol = 15;
    private const int SqliteNotADb = 26;

    /// <inheritdoc />
    public async ValueTask ProbeWriteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE write_probe SET probes = probes + 1 WHERE id = 1;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public StoreFault Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) switch
                    {
                        SqliteCorrupt or SqliteNotADb => StoreFault.Corrupt,
                        SqlitePerm or SqliteBusy or SqliteLocked or SqliteNoMem or SqliteReadOnly or SqliteIoErr
                            or SqliteFull or SqliteCantOpen or SqliteProtocol => StoreFault.Unavailable,
                        _ => StoreFault.None,
                    };
                case IOException or UnauthorizedAccessException:
                    return StoreFault.Unavailable;
            }
        }

        return StoreFault.None;
    }
}
