using System.Net.Sockets;
using Npgsql;

namespace Mandate.Storage.PostgreSql;

/// <summary>
/// PostgreSQL's <see cref="IStoreHealth"/>: the write probe bumps the one-row <c>write_probe</c> table (a committed
/// write, so a read-only server or a full disk fails it), and the classification follows Npgsql's transient flag and
/// PostgreSQL's SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
/// </summary>
public sealed class PostgreSqlStoreHealth(PostgreSqlDatabase database) : IStoreHealth
{
    /// <inheritdoc />
    public async ValueTask ProbeWriteAsync(CancellationToken cancellationToken)
    {
        await using var command = database.Command("UPDATE write_probe SET probes = probes + 1 WHERE id = 1");
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
                case PostgresException postgres:
                    return ClassifyState(postgres.SqlState);
                case NpgsqlException npgsql:
                    // Without a server error: the connection could not be opened, was lost or timed out.
                    return npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException
                        ? StoreFault.Unavailable
                        : StoreFault.None;
                case SocketException or TimeoutException:
                    return StoreFault.Unavailable;
            }
        }

        return StoreFault.None;
    }

    private static StoreFault ClassifyState(string sqlState) => sqlState switch
    {
        "XX001" or "XX002" => StoreFault.Corrupt,                 // data_corrupted, index_corrupted
        "25006" => StoreFault.Unavailable,                          // read_only_sql_transaction (a standby, or default_transaction_read_only)
        "40001" or "40P01" => StoreFault.Unavailable,              // serialization_failure, deadlock_detected: retry
        "55P03" => StoreFault.Unavailable,                          // lock_not_available (lock_timeout)
        "57014" => StoreFault.Unavailable,                          // query_canceled (statement_timeout)
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => StoreFault.Unavailable, // connection exception
        _ when sqlState.StartsWith("53", StringComparison.Ordinal) => StoreFault.Unavailable, // insufficient resources (disk full, out of memory, too many connections)
        _ when sqlState.StartsWith("57P", StringComparison.Ordinal) => StoreFault.Unavailable, // admin/crash shutdown, cannot connect now
        _ when sqlState.StartsWith("58", StringComparison.Ordinal) => StoreFault.Unavailable,  // system error (I/O)
        _ => StoreFault.None,
    };
}
