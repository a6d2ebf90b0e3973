namespace Mandate.Agent.ProtectedResources;

/// <summary>
/// Credentials of an agent that finds its authorization server from the protected resource it calls (an MCP server):
/// only the resource URL and these credentials are configured; the issuer, the token audience and the scopes come from
/// the resource's 401 and its RFC 9728 metadata.
/// </summary>
public sealed class MandateResourceTokenOptions
{
    /// <summary>The agent's client id (an <c>agt_</c> id, or a Client ID Metadata Document URL). Required.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (<c>client_secret_basic</c>). The first issuer discovered is kept for the lifetime of the
    /// handler, so a resource cannot later redirect the secret to another server. Set this or <see cref="PrivateKeyJwk"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The private JWK for <c>private_key_jwt</c> (RFC 7523); its assertions name the discovered issuer as audience.</summary>
    public string? PrivateKeyJwk { get; set; }

    /// <summary>Scopes of the first token request; null (the default) asks for the agent's default scopes. A 403
    /// <c>insufficient_scope</c> later adds the scopes the resource names (step-up).</summary>
    public string? Scope { get; set; }
}
