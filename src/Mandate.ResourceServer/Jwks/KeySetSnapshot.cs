using Mandate.Jose.Jws;

namespace Mandate.ResourceServer.Jwks;

/// <summary>One fetched JWKS: the parsed keys, the raw document (to detect "unchanged") and when it was fetched.</summary>
internal sealed record KeySetSnapshot(VerificationKeySet Keys, byte[] RawJwks, DateTimeOffset FetchedAt);
