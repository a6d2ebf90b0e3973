namespace Mandate.Cli.Probe;

/// <summary>The probe's command-line inputs, validated.</summary>
/// <param name="Target">The protected endpoint: <c>--api</c> plus <c>--path</c>.</param>
/// <param name="Issuer">The authorization server.</param>
/// <param name="ClientId">The agent's client id.</param>
/// <param name="ClientSecret">The agent's client secret.</param>
/// <param name="Scope">Scopes to request, or null for the agent's defaults.</param>
/// <param name="Resource">The RFC 8707 resource to request the token for.</param>
/// <param name="SigningKeyPath">A private JWK the API trusts, or null.</param>
/// <param name="Dpop">True to probe with a DPoP-bound token (RFC 9449) and add the DPoP cases.</param>
/// <param name="Revocation">True to also revoke a real token and check the API refuses it through the status list.</param>
internal sealed record ProbeSettings(Uri Target, Uri Issuer, string ClientId, string ClientSecret, string? Scope, string Resource, string? SigningKeyPath, bool Dpop = false, bool Revocation = false);
