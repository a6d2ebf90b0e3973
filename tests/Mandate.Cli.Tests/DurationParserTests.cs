using Mandate.Cli.Time;

namespace Mandate.Cli.Tests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("90d", 90 * 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData(" 45s ", 45)]
    public void TryParse_ValidDuration_ReturnsSeconds(string text, long seconds)
    {
        Assert.True(DurationParser.TryParse(text, out TimeSpan duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("5x")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("5 m")]
    [InlineData("5M")]
    [InlineData("1.5h")]
    [InlineData("99999999999d")]
    [InlineData("40000d")]
    public void TryParse_Invalid_ReturnsFalse(string? text)
    {
        Assert.False(DurationParser.TryParse(text, out TimeSpan duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }
}
