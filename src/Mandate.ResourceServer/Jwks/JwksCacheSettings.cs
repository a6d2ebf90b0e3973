namespace Mandate.ResourceServer.Jwks;

/// <summary>The part of <see cref="MandateBearerOptions"/> that the key cache uses.</summary>
internal sealed record JwksCacheSettings(
    string Issuer,
    Uri MetadataAddress,
    TimeSpan MaxAge,
    TimeSpan RefreshCooldown,
    bool AllowHttp)
{
    public static JwksCacheSettings From(MandateBearerOptions options) => new(
        options.Issuer!,
        options.MetadataAddress ?? MetadataAddressFor(options.Issuer!),
        options.JwksMaxAge,
        options.JwksRefreshCooldown,
        options.AllowHttpIssuer);

    /// <summary>RFC 8414 §3.1: the well-known suffix goes between the host and the issuer's path component.</summary>
    public static Uri MetadataAddressFor(string issuer)
    {
        var uri = new Uri(issuer, UriKind.Absolute);
        var path = uri.AbsolutePath == "/" ? string.Empty : uri.AbsolutePath.TrimEnd('/');
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + MandateBearerDefaults.AuthorizationServerMetadataPath + path);
    }
}
