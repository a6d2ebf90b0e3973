// draft-ietf-oauth-status-list §13.4 / Appendix "Size Comparison": the compressed size of one list holding
// 1,048,576 live tokens, at several revocation rates (random indexes, as the allocator gives them), and of exactly
// 1,000,000 live tokens with exact revoked counts, scattered at random or clustered in runs (the tokens of one agent
// or one incident revoked together). Sizes are deterministic for a seed; the figures are in docs/benchmarks.md.
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

    [Theory(DisplayName = "draft-ietf-oauth-status-list §13.4: exactly 1,000,000 live tokens compress to at most a few hundred KB, random or clustered")]
    [InlineData(0, false, 1_024)]
    [InlineData(1_000, false, 4_096)]
    [InlineData(10_000, false, 20_000)]
    [InlineData(100_000, false, 100_000)]
    [InlineData(1_000, true, 1_024)]
    [InlineData(10_000, true, 2_048)]
    [InlineData(100_000, true, 10_000)]
    public void ExactlyOneMillionTokens_CompressedSize(int revokedCount, bool clustered, int maxBytes)
    {
        const int size = 1_000_000;
        var revoked = clustered ? Clustered(size, revokedCount, runLength: 100) : Scattered(size, revokedCount);
        Assert.Equal(revokedCount, revoked.Distinct().Count());

        var compressed = StatusListBits.Compress(size, revoked);
        var inToken = Mandate.Jose.Base64Url.GetEncodedLength(compressed.Length);

        output.WriteLine($"| {(double)revokedCount / size:P1} | {(clustered ? "clustered" : "random")} | {compressed.Length:N0} B | {inToken:N0} B |");
        Assert.InRange(compressed.Length, 1, maxBytes);
        var bits = StatusListBits.Decompress(compressed, size / 8)!;
        Assert.Equal(revokedCount, Enumerable.Range(0, size).Count(i => StatusListBits.Read(bits, i) == StatusListBits.Invalid));
    }

    // revokedCount distinct indexes drawn uniformly (a partial Fisher-Yates shuffle with a fixed seed).
    private static int[] Scattered(int size, int revokedCount)
    {
        var random = new Random(20261204);
        var indexes = Enumerable.Range(0, size).ToArray();
        for (var i = 0; i < revokedCount; i++)
        {
            var j = random.Next(i, size);
            (indexes[i], indexes[j]) = (indexes[j], indexes[i]);
        }

        return indexes[..revokedCount];
    }

    // revokedCount indexes in runs of runLength consecutive indexes, the runs at random distinct places (fixed seed).
    private static int[] Clustered(int size, int revokedCount, int runLength)
    {
        var runs = Scattered(size / runLength, revokedCount / runLength);
        return [.. runs.SelectMany(run => Enumerable.Range(run * runLength, runLength))];
    }
}
