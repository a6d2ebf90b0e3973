using Mandate.Jose;
using Mandate.Server.Tokens;

namespace Mandate.Server.Tests.Tokens;

public sealed class TokenIdGeneratorTests
{
    [Fact(DisplayName = "RFC 9068 §2.2 / RFC 7519 §4.1.7: every jti is 128 bits, base64url, and unique across buffer refills")]
    public void Next_Gives128BitUniqueIds_AcrossRefills()
    {
        var generator = new TokenIdGenerator();
        var ids = new HashSet<string>(StringComparer.Ordinal);

        // 4 KiB buffer / 16 bytes = 256 ids per refill: 2,000 ids cross seven refills.
        for (var i = 0; i < 2_000; i++)
        {
            var id = generator.Next();
            Assert.Equal(22, id.Length);
            Assert.True(Base64Url.TryDecode(id, out var bytes));
            Assert.Equal(TokenIdGenerator.TokenIdBytes, bytes.Length);
            Assert.True(ids.Add(id), $"duplicate jti after {i} ids");
        }
    }

    [Fact(DisplayName = "jti generation is safe under concurrent callers: no id is handed out twice")]
    public void Next_ConcurrentCallers_NeverShareAnId()
    {
        var generator = new TokenIdGenerator();
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var duplicates = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            if (!ids.TryAdd(generator.Next(), 0))
            {
                Interlocked.Increment(ref duplicates);
            }
        });

        Assert.Equal(0, duplicates);
        Assert.Equal(20_000, ids.Count);
    }

    [Fact(DisplayName = "jti bits look random: each of the 128 bit positions is set in roughly half of 4,096 ids")]
    public void Next_BitsAreBalanced()
    {
        var generator = new TokenIdGenerator();
        var counts = new int[128];
        const int Samples = 4_096;
        for (var i = 0; i < Samples; i++)
        {
            Assert.True(Base64Url.TryDecode(generator.Next(), out var bytes));
            for (var bit = 0; bit < 128; bit++)
            {
                counts[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
            }
        }

        // Binomial(4096, 0.5): standard deviation 32; 8 sigma bounds make a false failure practically impossible.
        Assert.All(counts, c => Assert.InRange(c, (Samples / 2) - 256, (Samples / 2) + 256));
    }
}
