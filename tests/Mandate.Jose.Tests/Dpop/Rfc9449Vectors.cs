namespace Mandate.Jose.Tests.Dpop;

/// <summary>Examples from RFC 9449, https://www.rfc-editor.org/rfc/rfc9449 (data, quoted exactly).</summary>
internal static class Rfc9449Vectors
{
    /// <summary>§4.1 Figure 3 (and §5 Figure 6): the DPoP proof of the token request, iat 1562262616.</summary>
    public const string TokenRequestProof =
        "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19"
        + ".eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ"
        + ".2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

    /// <summary>§4.1: the <c>iat</c> of <see cref="TokenRequestProof"/>.</summary>
    public const long TokenRequestProofIssuedAt = 1562262616;

    /// <summary>§6.1: the <c>cnf.jkt</c> of the example key (its RFC 7638 SHA-256 thumbprint).</summary>
    public const string ExampleKeyThumbprint = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    /// <summary>§7.1 Figure 12: the access token of the protected resource request.</summary>
    public const string ResourceRequestAccessToken = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";

    /// <summary>§7.1 Figure 13: the <c>ath</c> of <see cref="ResourceRequestAccessToken"/>.</summary>
    public const string ResourceRequestAth = "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo";
}
