namespace Mandate.Server.ClientIdMetadata;

/// <summary>
/// One operator trust rule for Client ID Metadata Documents: the client ids it covers, and the policy their
/// clients get. A client never gets more than the rule allows, whatever its document asks for.
/// </summary>
public sealed class ClientIdMetadataDocumentTrust
{
    /// <summary>
    /// Client ids starting with this text (ordinal comparison) are covered, e.g. <c>https://agents.example.com/</c>.
    /// Must be an absolute <c>https</c> URL whose path ends with <c>/</c>, or a complete client id URL. Required.
    /// </summary>
    public string? UrlPrefix { get; set; }

    /// <summary>The person accountable for the clients this rule admits (as for agents). Required.</summary>
    public string? Owner { get; set; }

    /// <summary>Scopes such clients may be granted; a document's <c>scope</c> can only narrow them. At least one.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Absolute URIs of the APIs (RFC 8707 resources) such clients may get tokens for. At least one.</summary>
    public IList<string> Audiences { get; } = [];

    /// <summary>
    /// Grant types such clients may use; a document's <c>grant_types</c> can only narrow them. Empty (the default)
    /// means <c>client_credentials</c> alone. (Empty rather than pre-filled: configuration binding appends to a list,
    /// so a pre-filled default could never be narrowed from configuration.)
    /// </summary>
    public IList<string> GrantTypes { get; } = [];

    /// <summary>The grant types in force: <see cref="GrantTypes"/>, or <c>client_credentials</c> when it is empty.</summary>
    internal IList<string> EffectiveGrantTypes => GrantTypes.Count == 0 ? [Mandate.Protocol.GrantTypes.ClientCredentials] : GrantTypes;

    /// <summary>Lifetime of their access tokens, capped by the server's maximum.</summary>
    /// <value>Between 30 seconds and 1 hour. Default: 5 minutes.</value>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
