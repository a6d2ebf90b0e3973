using System.Text.RegularExpressions;
using Mandate.Admin.Console;

namespace Mandate.Console.Tests;

/// <summary>The server-rendered SVG chart: one bar per series and bucket, a tooltip per bar, text totals, no inline style.</summary>
public sealed partial class ConsoleChartTests
{
    [Fact]
    public void Render_DrawsTwoBarsPerBucket_WithTooltipsAndTotals()
    {
        var start = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        var activity = new ConsoleActivity(start, TimeSpan.FromHours(1), [0, 3, 1], [2, 0, 0], Truncated: false);

        var svg = ConsoleChart.Render("c", "Token requests per hour", activity, "yyyy-MM-dd HH:mm");

        Assert.Equal(6, Bars().Matches(svg).Count);
        Assert.Contains("<title>2026-12-04 11:00 UTC: 3 issued</title>", svg, StringComparison.Ordinal);
        Assert.Contains("<title>2026-12-04 10:00 UTC: 2 denied</title>", svg, StringComparison.Ordinal);
        Assert.Contains("4 issued and 2 denied in total", svg, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Only the newest", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TallestBarFillsThePlot_EmptyBucketHasNoHeight()
    {
        var start = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        var activity = new ConsoleActivity(start, TimeSpan.FromMinutes(1), [0, 4], [0, 2], Truncated: true);

        var svg = ConsoleChart.Render("c", "per minute", activity, "HH:mm");

        var heights = Heights().Matches(svg).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([0, 0, 132, 66], heights);
        Assert.Contains("Only the newest", svg, StringComparison.Ordinal);
    }

    [GeneratedRegex("<rect class=\"(issued|denied)\"")]
    private static partial Regex Bars();

    [GeneratedRegex("<rect class=\"(?:issued|denied)\"[^>]* height=\"([0-9.]+)\"")]
    private static partial Regex Heights();
}
