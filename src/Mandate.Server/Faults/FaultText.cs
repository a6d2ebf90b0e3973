namespace Mandate.Server.Faults;

/// <summary>One-line text of an expected failure for a log line: the cause's type and message, never its stack.</summary>
internal static class FaultText
{
    /// <summary>"SqliteException: SQLite Error 13: 'database or disk is full'." for the innermost provider exception.</summary>
    public static string Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var cause = StoreFaultGuard.Cause(exception);
        return $"{cause.GetType().Name}: {cause.Message}";
    }
}
