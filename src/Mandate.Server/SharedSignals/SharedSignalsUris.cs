namespace Mandate.Server.SharedSignals;

/// <summary>The transmitter's URLs, under the issuer.</summary>
internal sealed class SharedSignalsUris(IssuerUris issuer)
{
    public const string StreamsPath = "/ssf/streams";
    public const string StatusPath = "/ssf/status";
    public const string VerifyPath = "/ssf/verify";
    public const string PollPath = "/ssf/poll";
    public const string MetadataPath = "/.well-known/ssf-configuration";

    /// <summary>The audience a receiver's access token must carry: <c>{issuer}/ssf</c>.</summary>
    public string Audience { get; } = issuer.Issuer + "/ssf";

    public string Streams { get; } = issuer.Issuer + StreamsPath;

    public string Status { get; } = issuer.Issuer + StatusPath;

    public string Verify { get; } = issuer.Issuer + VerifyPath;

    /// <summary>RFC 8936 §2: the URL a poll receiver POSTs to for stream <paramref name="streamId"/>.</summary>
    public string PollFor(string streamId) => issuer.Issuer + PollPath + "/" + Uri.EscapeDataString(streamId);
}
