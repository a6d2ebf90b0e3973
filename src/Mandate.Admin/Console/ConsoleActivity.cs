namespace Mandate.Admin.Console;

/// <summary>Token requests issued and denied per bucket, oldest bucket first, starting at <see cref="Start"/>.</summary>
internal sealed record ConsoleActivity(DateTimeOffset Start, TimeSpan Width, IReadOnlyList<int> Issued, IReadOnlyList<int> Denied, bool Truncated)
{
    public int TotalIssued => Issued.Sum();

    public int TotalDenied => Denied.Sum();
}
