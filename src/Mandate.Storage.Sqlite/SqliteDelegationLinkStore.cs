using Microsoft.Data.Sqlite;

namespace Mandate.Storage.Sqlite;

/// <summary><see cref="IDelegationLinkStore"/> over the <c>delegation_links</c> table (primary key parent, child).</summary>
public sealed class SqliteDelegationLinkStore : IDelegationLinkStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteDelegationLinkStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask AddAsync(DelegationLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO delegation_links (parent_jti, child_jti, expires_at) VALUES ($parent, $child, $expires_at) ON CONFLICT DO NOTHING;";
        command.Parameters.AddWithValue("$parent", link.ParentJti);
        command.Parameters.AddWithValue("$child", link.ChildJti);
        command.Parameters.AddWithValue("$expires_at", SqliteValues.ToText(link.ExpiresAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DelegationLink>> ListChildrenAsync(string parentJti, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parentJti);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT child_jti, expires_at FROM delegation_links WHERE parent_jti = $parent AND expires_at > $now;";
        command.Parameters.AddWithValue("$parent", parentJti);
        command.Parameters.AddWithValue("$now", SqliteValues.ToText(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var links = new List<DelegationLink>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            links.Add(new DelegationLink { ParentJti = parentJti, ChildJti = reader.GetString(0), ExpiresAt = SqliteValues.ParseTime(reader.GetString(1)) });
        }

        return links;
    }

    /// <inheritdoc />
    public async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM delegation_links WHERE expires_at <= $now;";
        command.Parameters.AddWithValue("$now", SqliteValues.ToText(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
