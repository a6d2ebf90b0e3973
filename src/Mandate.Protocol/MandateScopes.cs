namespace Mandate.Protocol;

/// <summary>Scopes with a meaning inside Mandate itself.</summary>
public static class MandateScopes
{
    /// <summary>Grants access to the admin API of the issuing server.</summary>
    public const string Admin = "mandate:admin";

    /// <summary>Lets a client (typically a resource server) introspect tokens issued for its allowed audiences (RFC 7662 §4).</summary>
    public const string Introspect = "mandate:introspect";
}
