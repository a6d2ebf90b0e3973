// RFC 9728 §2 (protected resource metadata members) and §3 (the well-known path): names exactly as the RFC spells
// them, for the API library that writes the document and the agent SDK that reads it.
namespace Mandate.Protocol.Metadata;

/// <summary>Member names of the RFC 9728 OAuth 2.0 protected resource metadata document.</summary>
public static class ProtectedResourceMetadataNames
{
    /// <summary>The RFC 9728 §3 well-known path segment: <c>/.well-known/oauth-protected-resource</c>.</summary>
    public const string WellKnownPath = "/.well-known/oauth-protected-resource";

    public const string Resource = "resource";
    public const string AuthorizationServers = "authorization_servers";
    public const string ScopesSupported = "scopes_supported";
    public const string BearerMethodsSupported = "bearer_methods_supported";
    public const string ResourceName = "resource_name";
    public const string ResourceDocumentation = "resource_documentation";
}
