using Mandate.Server.StatusList;

namespace Mandate.Server.Tests.StatusList;

public sealed class StatusListOptionsValidatorTests
{
    private static string[] Failures(Action<StatusListOptions> change)
    {
        var options = new StatusListOptions();
        change(options);
        var result = new StatusListOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Fact]
    public void Defaults_AreValid() => Assert.Empty(Failures(_ => { }));

    [Theory]
    [InlineData(1000, "MND0900")]
    [InlineData(1028, "MND0900")]
    [InlineData((1 << 24) + 8, "MND0900")]
    public void ListSize_OutOfRange_Fails(int size, string id) => Assert.StartsWith(id, Assert.Single(Failures(o => o.ListSize = size)));

    [Fact]
    public void ListCount_Zero_Fails() => Assert.StartsWith("MND0901", Assert.Single(Failures(o => o.ListCount = 0)));

    [Theory]
    [InlineData(0)]
    [InlineData(3601)]
    public void BlockLeaseDuration_OutOfRange_Fails(int seconds) => Assert.StartsWith("MND1950", Assert.Single(Failures(o => o.BlockLeaseDuration = TimeSpan.FromSeconds(seconds))));

    [Fact]
    public void AllocationAttempts_Zero_Fails() => Assert.StartsWith("MND0902", Assert.Single(Failures(o => o.AllocationAttempts = 0)));

    [Fact]
    public void TimeToLive_Fractional_Fails() => Assert.StartsWith("MND0903", Assert.Single(Failures(o => o.TimeToLive = TimeSpan.FromMilliseconds(1500))));

    [Fact]
    public void TokenLifetime_ShorterThanTtl_Fails() => Assert.StartsWith("MND0904", Assert.Single(Failures(o => o.TokenLifetime = TimeSpan.FromSeconds(30))));
}
