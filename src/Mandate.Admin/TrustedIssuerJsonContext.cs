using System.Text.Json.Serialization;

using Mandate.Server;

namespace Mandate.Admin;

/// <summary>Source-generated JSON for /admin/trusted-issuers; unknown request members are refused.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, WriteIndented = false)]
[JsonSerializable(typeof(TrustedIssuerRequest))]
[JsonSerializable(typeof(TrustedIssuerResponse))]
[JsonSerializable(typeof(List<TrustedIssuerResponse>))]
internal sealed partial class TrustedIssuerJsonContext : JsonSerializerContext;
