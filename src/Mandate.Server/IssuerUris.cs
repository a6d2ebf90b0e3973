namespace Mandate.Server;

/// <summary>
/// The URIs derived from <see cref="MandateServerOptions.Issuer"/>, computed once. The issuer is used
/// without a trailing slash so that "{issuer}/token" and the <c>iss</c> claim agree byte for byte.
/// </summary>
internal sealed class IssuerUris
{
    public IssuerUris(string issuer)
    {
        Issuer = issuer.EndsWith('/') ? issuer[..^1] : issuer;
        TokenEndpoint = Issuer + "/token";
        JwksUri = Issuer + "/jwks";
        AdminAudience = Issuer + "/admin";
        RevocationEndpoint = Issuer + "/revoke";
        IntrospectionEndpoint = Issuer + "/introspect";
        RevocationFeed = Issuer + "/revocations";
        RegistrationEndpoint = Issuer + "/register";
        var path = new Uri(Issuer, UriKind.Absolute).AbsolutePath;
        IssuerPath = path == "/" ? string.Empty : path;
    }

    /// <summary>The issuer's path without a trailing slash (e.g. <c>/tenant</c>), or empty.</summary>
    public string IssuerPath { get; }

    /// <summary>The <c>iss</c> value of every token and the <c>issuer</c> of the metadata.</summary>
    public string Issuer { get; }

    public string TokenEndpoint { get; }

    public string JwksUri { get; }

    /// <summary>RFC 7009 revocation endpoint.</summary>
    public string RevocationEndpoint { get; }

    /// <summary>RFC 7662 introspection endpoint.</summary>
    public string IntrospectionEndpoint { get; }

    /// <summary>The revocation feed (docs/revocation.md).</summary>
    public string RevocationFeed { get; }

    /// <summary>RFC 7591 client registration endpoint.</summary>
    public string RegistrationEndpoint { get; }

    /// <summary>The audience that admin API tokens must carry.</summary>
    public string AdminAudience { get; }
}
