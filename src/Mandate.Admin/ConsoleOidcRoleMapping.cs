namespace Mandate.Admin;

/// <summary>One entry of <see cref="MandateConsoleOidcOptions.RoleMappings"/>: a value of the role claim and the console
/// roles it grants.</summary>
public sealed class ConsoleOidcRoleMapping
{
    /// <summary>The claim value, compared exactly (ordinal), e.g. a group name or object id.</summary>
    public string Value { get; set; } = "";

    /// <summary>The roles granted: <c>viewer</c>, <c>agents</c>, <c>keys</c>, <c>trust</c>, <c>audit</c> or <c>admin</c>, the
    /// rights of <c>mandate:read</c>, <c>mandate:agents</c>, … and <c>mandate:admin</c> in the admin-credential sign-in.</summary>
    public IList<string> Roles { get; set; } = [];
}
