namespace Mandate.Protocol;

/// <summary>
/// The <c>sub</c> Mandate writes for a subject vouched for by a trusted external issuer (a person from the
/// organisation's OpenID provider): <c>urn:mandate:ext:{issuer-name}:{subject}</c>. Agent ids start with
/// <c>agt_</c>, so an external subject can never collide with an agent, and two issuers' subjects never collide
/// with each other. The issuer name is the operator's registration name (no ':'), so the original subject is
/// everything after the second-to-last prefix part and may itself contain ':'.
/// </summary>
public static class ExternalSubject
{
    /// <summary>The prefix of every external subject.</summary>
    public const string Prefix = "urn:mandate:ext:";

    /// <summary>The Mandate subject for <paramref name="subject"/> vouched for by the trusted issuer <paramref name="issuerName"/>.</summary>
    public static string For(string issuerName, string subject) => Prefix + issuerName + ":" + subject;

    /// <summary>True when <paramref name="sub"/> names an external subject rather than an agent.</summary>
    public static bool IsExternal(string? sub) => sub is not null && sub.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Splits an external subject into the issuer name and the original subject.</summary>
    public static bool TryParse(string? sub, out string issuerName, out string subject)
    {
        issuerName = "";
        subject = "";
        if (!IsExternal(sub))
        {
            return false;
        }

        var rest = sub!.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1)
        {
            return false;
        }

        issuerName = rest[..colon].ToString();
        subject = rest[(colon + 1)..].ToString();
        return true;
    }
}
