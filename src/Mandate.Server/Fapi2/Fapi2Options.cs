namespace Mandate.Server.Fapi2;

/// <summary>
/// The FAPI 2.0 Security Profile switch (configuration section <c>Mandate:Fapi2</c>, or <c>mandate serve --profile
/// fapi2</c>; docs/fapi2.md). When on, every client authenticates with <c>private_key_jwt</c> whose <c>aud</c> is the
/// issuer identifier as a string, every access token is DPoP-bound, and only PS256 and ES256 are accepted for client
/// assertions and DPoP proofs and used for the server's own signatures. Agents whose only audience is the admin API
/// (the bootstrap admin) are exempt: they reach no protected resource, only this server's management API.
/// </summary>
public sealed class Fapi2Options
{
    /// <summary>Turns the profile on.</summary>
    /// <value>Default: false.</value>
    public bool Enabled { get; set; }
}
