namespace Mandate.Admin;

/// <summary>
/// Console sign-in through an external OpenID Connect provider (the corporate IdP), bound from
/// <c>Mandate:Console:Oidc</c> (docs/console.md, "OpenID Connect sign-in"). The console is a confidential client
/// using the authorization code flow with PKCE; a claim of the ID token (<see cref="RoleClaim"/>) grants console
/// roles through <see cref="RoleMappings"/>.
/// </summary>
public sealed class MandateConsoleOidcOptions
{
    /// <summary>The provider's issuer; its <c>/.well-known/openid-configuration</c> is read from here. Default: unset (OIDC sign-in off).</summary>
    public Uri? Authority { get; set; }

    /// <summary>The console's client id at the provider. Required with <see cref="Authority"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The console's client secret at the provider (client_secret_basic). Set it from the environment
    /// (<c>Mandate__Console__Oidc__ClientSecret</c>) or a secret store; it is never logged. Required with <see cref="Authority"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes requested besides <c>openid</c>. Default (empty): <c>profile email</c>.</summary>
    public IList<string> Scopes { get; set; } = [];

    /// <summary>The ID token claim whose values grant console roles, e.g. <c>groups</c> (Entra, Okta) or <c>roles</c>
    /// (Keycloak with a mapper). A string or an array of strings. Default: <c>groups</c>.</summary>
    public string RoleClaim { get; set; } = "groups";

    /// <summary>Which claim values grant which console roles; a user whose claim values match none may not sign in.</summary>
    public IList<ConsoleOidcRoleMapping> RoleMappings { get; set; } = [];

    /// <summary>Whether the provider's metadata must be fetched over HTTPS. Default (unset): true, except for an
    /// <c>http</c> authority on a loopback address (a local test provider).</summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>The provider's name on the sign-in button ("Sign in with …"). Default: <c>your identity provider</c>.</summary>
    public string DisplayName { get; set; } = "your identity provider";

    /// <summary>Whether OIDC is the only way in: the admin-credential form is neither shown nor accepted. Default: false.</summary>
    public bool Only { get; set; }

    /// <summary>Whether OIDC sign-in is configured (an <see cref="Authority"/> is set).</summary>
    internal bool IsConfigured => Authority is not null;

    /// <summary>Whether the authority is an <c>http</c> or <c>https</c> URI on a loopback address.</summary>
    internal bool IsLoopbackAuthority => Authority is { IsAbsoluteUri: true, IsLoopback: true };
}
