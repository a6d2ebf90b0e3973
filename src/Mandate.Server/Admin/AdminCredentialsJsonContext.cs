using System.Text.Json.Serialization;

namespace Mandate.Server.Admin;

/// <summary>Source-generated JSON for the bootstrap admin's credentials file.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(AdminCredentials))]
internal sealed partial class AdminCredentialsJsonContext : JsonSerializerContext;
