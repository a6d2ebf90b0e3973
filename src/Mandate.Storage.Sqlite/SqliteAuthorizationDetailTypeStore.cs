using System.Data;
using System.Text;
using System.Text.Json;

namespace Mandate.Storage.Sqlite;

/// <summary><see cref="IAuthorizationDetailTypeStore"/> over the <c>authorization_detail_types</c> table, one row per
/// (agent, type). <see cref="SetAsync"/> replaces an agent's rows in one transaction.</summary>
public sealed class SqliteAuthorizationDetailTypeStore : IAuthorizationDetailTypeStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    public SqliteAuthorizationDetailTypeStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AuthorizationDetailType>> GetAsync(string agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, fields, allowed_values FROM authorization_detail_types WHERE agent_id = $agent ORDER BY type;";
        command.Parameters.AddWithValue("$agent", agentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var types = new List<AuthorizationDetailType>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            types.Add(new AuthorizationDetailType
            {
                Type = reader.GetString(0),
                Fields = SqliteValues.ParseList(reader.GetString(1)),
                AllowedValues = ParseAllowedValues(reader.GetString(2)),
            });
        }

        return types;
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string agentId, IReadOnlyList<AuthorizationDetailType> types, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(types);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM authorization_detail_types WHERE agent_id = $agent;";
            delete.Parameters.AddWithValue("$agent", agentId);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var type in types)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO authorization_detail_types (agent_id, type, fields, allowed_values) VALUES ($agent, $type, $fields, $values);";
            insert.Parameters.AddWithValue("$agent", agentId);
            insert.Parameters.AddWithValue("$type", type.Type);
            insert.Parameters.AddWithValue("$fields", SqliteValues.ToJson(type.Fields));
            insert.Parameters.AddWithValue("$values", WriteAllowedValues(type.AllowedValues));
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
            result[field.Name] = field.Value.EnumerateArray().Select(v => v.GetString() ?? throw new InvalidDataException("allowed_values holds a non-string.")).ToArray();
        }

        return result;
    }
}
