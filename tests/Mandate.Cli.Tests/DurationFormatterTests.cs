using Mandate.Cli.Time;

namespace Mandate.Cli.Tests;

public sealed class DurationFormatterTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(7, "7s")]
    [InlineData(252, "4m 12s")]
    [InlineData(180, "3m")]
    [InlineData(7500, "2h 5m")]
    [InlineData(90 * 86400, "90d")]
    [InlineData(-252, "4m 12s")]
    public void Format_TwoMostSignificantUnits(long seconds, string expected) =>
        Assert.Equal(expected, DurationFormatter.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void DescribeExpiry_FutureAndPast()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal("expires in 4m 12s", DurationFormatter.DescribeExpiry(now.AddSeconds(252), now));
        Assert.Equal("expired 3m ago", DurationFormatter.DescribeExpiry(now.AddMinutes(-3), now));
    }
}
