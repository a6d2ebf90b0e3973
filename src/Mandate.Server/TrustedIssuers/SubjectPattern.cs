namespace Mandate.Server.TrustedIssuers;

/// <summary>Allowed-subject patterns: an exact value, or a prefix written with one trailing <c>*</c>
/// (<c>spiffe://corp.example/ns/prod/*</c>). No other wildcard exists, so a pattern is checkable by eye.</summary>
internal static class SubjectPattern
{
    public static bool IsValid(string pattern) =>
        pattern.Length > 0 && pattern.IndexOf('*') is var star && (star < 0 || star == pattern.Length - 1);

    /// <summary>True when <paramref name="subject"/> matches any pattern; an empty list admits every subject.</summary>
    public static bool IsAllowed(IReadOnlyList<string> patterns, string subject)
    {
        if (patterns.Count == 0)
        {
            return true;
        }

        foreach (var pattern in patterns)
        {
            if (pattern.EndsWith('*')
                ? subject.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
                : string.Equals(pattern, subject, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
