namespace Mandate.ResourceServer.StatusList;

/// <summary>One verified, decompressed Status List Token as cached by the API.</summary>
/// <param name="Bits">The byte array (§4.1).</param>
/// <param name="BitsPerStatus">1, 2, 4 or 8.</param>
/// <param name="RefreshAtTicks">UTC ticks after which a fresh copy is fetched (fetch time + ttl, §13.7).</param>
/// <param name="ExpiresAtTicks">UTC ticks of the token's <c>exp</c>: never used past it (§8.3).</param>
internal sealed record StatusListSnapshot(byte[] Bits, int BitsPerStatus, long RefreshAtTicks, long ExpiresAtTicks);
