using System.Text.Json.Serialization;

namespace Mandate.Storage.Sqlite;

/// <summary>Source-generated JSON metadata for list columns.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
