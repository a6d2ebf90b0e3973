// RFC 9728 §2: protected resource metadata parameters that the resource server publishes.
namespace Mandate.ResourceServer;

/// <summary>What the RFC 9728 metadata document at <c>/.well-known/oauth-protected-resource</c> contains.</summary>
public sealed class ProtectedResourceMetadataOptions
{
    /// <summary>The <c>resource</c> value (RFC 9728 §2). Default: <c>null</c>, meaning
    /// <see cref="MandateBearerOptions.Audience"/>.</summary>
    public string? Resource { get; set; }

    /// <summary>The <c>scopes_supported</c> value (RFC 9728 §2); omitted when empty. Default: empty.</summary>
    public IList<string> ScopesSupported { get; } = [];

    /// <summary>The <c>resource_name</c> value (RFC 9728 §2); omitted when <c>null</c>. Default: <c>null</c>.</summary>
    public string? ResourceName { get; set; }

    /// <summary>The <c>resource_documentation</c> URL (RFC 9728 §2); omitted when <c>null</c>. Default: <c>null</c>.</summary>
    public Uri? ResourceDocumentation { get; set; }
}
