namespace Mandate.Protocol;

/// <summary>Scopes with a meaning inside Mandate itself.</summary>
public static class MandateScopes
{
    /// <summary>Grants access to the admin API of the issuing server.</summary>
    public const string Admin = "mandate:admin";
}
