namespace Mandate.Cli.Probe;

/// <summary>How one probe case presents its token to the API.</summary>
/// <param name="Token">The token (possibly forged or malformed).</param>
/// <param name="Scheme">The Authorization scheme; <c>Bearer</c> unless the case tests a wrong scheme.</param>
/// <param name="InQuery">True to send the token as <c>?access_token=</c> with no Authorization header (RFC 6750 §2.3).</param>
/// <param name="Proofs">The <c>DPoP</c> header values sent with the request (RFC 9449 §4.1), or null for none.</param>
internal sealed record ProbeRequest(string Token, string Scheme = "Bearer", bool InQuery = false, IReadOnlyList<string>? Proofs = null);
