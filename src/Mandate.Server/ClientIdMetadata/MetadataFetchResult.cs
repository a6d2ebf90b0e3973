namespace Mandate.Server.ClientIdMetadata;

/// <summary>One fetched JSON body and how long it may be cached, or the reason the fetch failed (for the operator log).</summary>
internal sealed record MetadataFetchResult(byte[]? Body, TimeSpan CacheFor, string? Error)
{
    public static MetadataFetchResult Fail(string error) => new(null, TimeSpan.Zero, error);
}
