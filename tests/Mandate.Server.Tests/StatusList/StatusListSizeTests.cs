// draft-ietf-oauth-status-list §13.4 / Appendix "Size Comparison": the compressed size of one list holding
// 1,048,576 live tokens, at several revocation rates (random indexes, as the allocator gives them).
using System.Security.Cryptography;
using Mandate.Protocol.StatusList;
using Xunit.Abstractions;

namespace Mandate.Server.Tests.StatusList;

public sealed class StatusListSizeTests(ITestOutputHelper output)
{
    [Theory(DisplayName = "A list of 2^20 live tokens compresses to at most a few hundred KB")]
    [InlineData(0.0, 1_024)]
    [InlineData(0.001, 4_096)]
    [InlineData(0.01, 20_000)]
    [InlineData(0.10, 100_000)]
    public void OneMillionTokens_CompressedSize(double revokedShare, int maxBytes)
    {
        const int size = 1 << 20;
        var revoked = Enumerable.Range(0, (int)(size * revokedShare)).Select(_ => RandomNumberGenerator.GetInt32(size)).ToArray();

        var compressed = StatusListBits.Compress(size, revoked);

        output.WriteLine($"2^20 entries, {revokedShare:P1} revoked: {compressed.Length} bytes compressed");
        Assert.InRange(compressed.Length, 1, maxBytes);
    }
}
