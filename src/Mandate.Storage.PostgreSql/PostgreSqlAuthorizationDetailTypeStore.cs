using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Mandate.Storage.PostgreSql;

/// <summary><see cref="IAuthorizationDetailTypeStore"/> over the <c>authorization_detail_types</c> table, one row per
/// (agent, type). <see cref="SetAsync"/> replaces an agent's rows in one transaction.</summary>
public sealed class PostgreSqlAuthorizationDetailTypeStore : IAuthorizationDetailTypeStore
{
    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public PostgreSqlAuthorizationDetailTypeStore(PostgreSqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuthorizationDetailType>> GetAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        await using var command = _database.Command(
            "SELECT type, fields, allowed_values::text FROM authorization_detail_types WHERE agent_id = $1 ORDER BY type COLLATE \"C\";")
            .With(agentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var types = new List<AuthorizationDetailType>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            types.Add(new AuthorizationDetailType
            {
                Type = reader.GetString(0),
                Fields = PostgreSqlValues.ReadList(reader, 1),
                AllowedValues = ParseAllowedValues(reader.GetString(2)),
            });
        }

        return types;
    }

    /// <inheritdoc />
    /// <remarks>A transaction-scoped advisory lock on the agent id serialises concurrent replacements of the same
    /// agent's types (two deletes of no rows would otherwise both insert).</remarks>
    public async ValueTask SetAsync(string agentId, IReadOnlyList<AuthorizationDetailType> types, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(types);
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var delete = new NpgsqlCommand(
            "WITH l AS (SELECT pg_advisory_xact_lock(hashtext('authorization_detail_types:' || $1::text))) " +
            "DELETE FROM authorization_detail_types WHERE agent_id = $1 AND EXISTS (SELECT 1 FROM l);", connection, transaction))
        {
            await delete.With(agentId).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var type in types)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO authorization_detail_types (agent_id, type, fields, allowed_values) VALUES ($1, $2, $3, $4);",
                connection, transaction);
            insert.With(agentId).With(type.Type).With(PostgreSqlValues.ToArray(type.Fields));
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Json, Value = WriteAllowedValues(type.AllowedValues) });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string WriteAllowedValues(IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (field, allowed) in values)
            {
                writer.WriteStartArray(field);
                foreach (var value in allowed)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <exception cref="InvalidDataException">The column is not a JSON object of string arrays.</exception>
    private static Dictionary<string, IReadOnlyList<string>> ParseAllowedValues(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("allowed_values is not a JSON object.");
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var field in document.RootElement.EnumerateObject())
        {
            result[field.Name] = field.Value.EnumerateArray()
                .Select(v => v.GetString() ?? throw new InvalidDataException("allowed_values holds a non-string.")).ToArray();
        }

        return result;
    }
}
