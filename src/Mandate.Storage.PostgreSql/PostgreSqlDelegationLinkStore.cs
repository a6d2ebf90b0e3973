namespace Mandate.Storage.PostgreSql;

/// <summary><see cref="IDelegationLinkStore"/> over the <c>delegation_links</c> table (primary key parent, child).</summary>
public sealed class PostgreSqlDelegationLinkStore : IDelegationLinkStore
{
    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlDelegationLinkStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask AddAsync(DelegationLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var command = _database.Command(
            "INSERT INTO delegation_links (parent_jti, child_jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING;")
            .With(link.ParentJti).With(link.ChildJti).With(PostgreSqlValues.ToTicks(link.ExpiresAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DelegationLink>> ListChildrenAsync(string parentJti, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parentJti);
        await using var command = _database.Command(
            "SELECT child_jti, expires_at FROM delegation_links WHERE parent_jti = $1 AND expires_at > $2;")
            .With(parentJti).With(PostgreSqlValues.ToTicks(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var links = new List<DelegationLink>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            links.Add(new DelegationLink
            {
                ParentJti = parentJti,
                ChildJti = reader.GetString(0),
                ExpiresAt = PostgreSqlValues.FromTicks(reader.GetInt64(1)),
            });
        }

        return links;
    }

    /// <inheritdoc />
    public async ValueTask<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _database.Command("DELETE FROM delegation_links WHERE expires_at <= $1;")
            .With(PostgreSqlValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
