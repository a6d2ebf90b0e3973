// draft-ietf-oauth-status-list §4.1 byte layout and its test vectors (Appendix "Test vectors for Status List
// encoding", https://github.com/oauth-wg/draft-ietf-oauth-status-list, examples/status_list_encoding_json.md and
// examples/status_list_encoding1_long_json.md).
using Mandate.Jose;
using Mandate.Protocol.StatusList;

namespace Mandate.Server.Tests.StatusList;

public sealed class StatusListBitsTests
{
    // §4.1 example: 16 one-bit statuses, byte_array = [0xb9, 0xa3], lst "eNrbuRgAAhcBXQ".
    private static readonly int[] ShortExampleSet = [0, 3, 4, 5, 7, 8, 9, 13, 15];

    // Test vector "1-bit Status List", size 2^20.
    private const string LongVector =
        "eNrt3AENwCAMAEGogklACtKQPg9LugC9k_ACvreiogEAAKkeCQAAAAAAAAAAAAAAAAAAAIBylgQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
        "AAAAAAAAAAAAAAAAAAAXG9IAAAAAAAAAPwsJAAAAAAAAAAAAAAAvhsSAAAAAAAAAAAA7KpLAAAAAAAAAAAAAAAAAAAAAJsLCQAAAAAAAAAAADjelAAAAAAAAAAAKjDMAQAAA" +
        "ACAZC8L2AEb";

    private static readonly int[] LongVectorSet = [0, 1993, 25460, 159495, 495669, 554353, 645645, 723232, 854545, 934534, 1000345];

    [Fact(DisplayName = "draft-ietf-oauth-status-list §4.1: the example list decodes to [0xb9, 0xa3]")]
    public void ShortExample_Decodes()
    {
        Assert.True(Base64Url.TryDecode("eNrbuRgAAhcBXQ", out var compressed));
        Assert.Equal(new byte[] { 0xb9, 0xa3 }, StatusListBits.Decompress(compressed, 1024));
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list §4.1: encoding the example statuses gives [0xb9, 0xa3] (index 0 is the least significant bit)")]
    public void ShortExample_Encodes()
    {
        var bytes = StatusListBits.Decompress(StatusListBits.Compress(16, ShortExampleSet), 1024)!;
        Assert.Equal(new byte[] { 0xb9, 0xa3 }, bytes);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(ShortExampleSet.Contains(i) ? 1 : 0, StatusListBits.Read(bytes, i));
        }
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list test vector: the 1-bit, 2^20-entry list reads INVALID exactly at its 11 indexes")]
    public void LongVector_ReadsExactlyItsIndexes()
    {
        Assert.True(Base64Url.TryDecode(LongVector, out var compressed));
        var bytes = StatusListBits.Decompress(compressed, 1 << 17)!;
        Assert.Equal(1 << 17, bytes.Length);
        var set = Enumerable.Range(0, 1 << 20).Where(i => StatusListBits.Read(bytes, i) == StatusListBits.Invalid).ToArray();
        Assert.Equal(LongVectorSet, set);
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list test vector: Mandate's encoding of the same statuses inflates to the same bytes")]
    public void LongVector_RoundTrips()
    {
        Assert.True(Base64Url.TryDecode(LongVector, out var expected));
        var ours = StatusListBits.Compress(1 << 20, LongVectorSet);
        Assert.Equal(StatusListBits.Decompress(expected, 1 << 17), StatusListBits.Decompress(ours, 1 << 17));
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list §8.3: an index outside the list has no status (-1, the token is rejected)")]
    public void Read_OutOfBounds_IsMinusOne()
    {
        byte[] bytes = [0xff];
        Assert.Equal(-1, StatusListBits.Read(bytes, 8));
        Assert.Equal(-1, StatusListBits.Read(bytes, -1));
        Assert.Equal(1, StatusListBits.Read(bytes, 7));
    }

    [Fact(DisplayName = "draft-ietf-oauth-status-list §11.1: a list that inflates past the bound, or is not ZLIB, is refused")]
    public void Decompress_BombOrGarbage_IsNull()
    {
        var large = StatusListBits.Compress(1 << 24, []);
        Assert.True(large.Length < 4096);
        Assert.Null(StatusListBits.Decompress(large, 1 << 20));
        Assert.Null(StatusListBits.Decompress("not zlib at all"u8, 1 << 20));
    }

    [Theory(DisplayName = "Compress refuses sizes that are not a positive multiple of 8 and indexes outside the list")]
    [InlineData(0, 0)]
    [InlineData(12, 0)]
    [InlineData(16, 16)]
    [InlineData(16, -1)]
    public void Compress_BadArguments_Throw(int size, int index) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StatusListBits.Compress(size, [index]));
}
