namespace Mandate.Protocol;

/// <summary>
/// The fixed prefixes of the credentials Mandate generates. They let a server tell its own refresh tokens from JWTs
/// without a store read, let secret scanners find leaked values, and let every part of Mandate recognise a credential
/// sent or configured in the wrong place (a client id and secret swapped) before it is used or logged.
/// </summary>
public static class CredentialPrefixes
{
    /// <summary>Client secrets: <c>mnd_</c> + base64url of 32 random bytes.</summary>
    public const string ClientSecret = "mnd_";

    /// <summary>Refresh tokens: <c>mrt_</c> + base64url of 32 random bytes.</summary>
    public const string RefreshToken = "mrt_";

    /// <summary>RFC 7591 initial access tokens: <c>mit_</c> + the token's 26-character id + <c>.</c> + base64url of 32 random bytes.</summary>
    public const string InitialAccessToken = "mit_";

    /// <summary>RFC 7592 registration access tokens: <c>mra_</c> + base64url of 32 random bytes.</summary>
    public const string RegistrationAccessToken = "mra_";

    /// <summary>True when <paramref name="value"/> starts like a Mandate client secret or refresh token.</summary>
    public static bool IsCredential(string? value) =>
        value is not null && (value.StartsWith(ClientSecret, StringComparison.Ordinal) || value.StartsWith(RefreshToken, StringComparison.Ordinal));
}
