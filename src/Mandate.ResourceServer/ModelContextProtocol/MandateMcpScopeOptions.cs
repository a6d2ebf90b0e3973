namespace Mandate.ResourceServer.ModelContextProtocol;

/// <summary>
/// Scopes an MCP endpoint (streamable HTTP, JSON-RPC 2.0 over POST) requires per JSON-RPC method and per tool.
/// Every request to the endpoint needs a valid Mandate token for the server's audience; a request whose method or
/// tool needs a scope the token lacks gets 403 <c>insufficient_scope</c> naming the scopes that operation needs,
/// which an MCP client uses to step up (request a token with them and retry).
/// </summary>
public sealed class MandateMcpScopeOptions
{
    private readonly Dictionary<string, string[]> _methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _tools = new(StringComparer.Ordinal);

    /// <summary>The authentication scheme whose token is checked. Default: <see cref="MandateBearerDefaults.AuthenticationScheme"/>.</summary>
    public string AuthenticationScheme { get; set; } = MandateBearerDefaults.AuthenticationScheme;

    /// <summary>Largest JSON-RPC request body read to find the method and tool, in bytes; larger bodies get 413.</summary>
    /// <value>Between 1 KiB and 16 MiB. Default: 1 MiB.</value>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Scopes required by JSON-RPC method, e.g. <c>tools/list</c>.</summary>
    public IReadOnlyDictionary<string, string[]> Methods => _methods;

    /// <summary>Scopes required by tool name, on <c>tools/call</c> (in addition to those of the method).</summary>
    public IReadOnlyDictionary<string, string[]> Tools => _tools;

    /// <summary>Requires <paramref name="scopes"/> for the JSON-RPC <paramref name="method"/> (e.g. <c>tools/list</c>).</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">No scope given, or a scope is empty or contains a space.</exception>
    public MandateMcpScopeOptions RequireScopeForMethod(string method, params string[] scopes)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        _methods[method] = Checked(scopes);
        return this;
    }

    /// <summary>Requires <paramref name="scopes"/> to call the tool named <paramref name="tool"/>.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">No scope given, or a scope is empty or contains a space.</exception>
    public MandateMcpScopeOptions RequireScopeForTool(string tool, params string[] scopes)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        _tools[tool] = Checked(scopes);
        return this;
    }

    /// <summary>Every scope named by any method or tool, e.g. for <see cref="ProtectedResourceMetadataOptions.ScopesSupported"/>.</summary>
    public IReadOnlyList<string> AllScopes() =>
        [.. _methods.Values.Concat(_tools.Values).SelectMany(static s => s).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string[] Checked(string[] scopes)
    {
        if (scopes is null || scopes.Length == 0 || scopes.Any(static s => string.IsNullOrEmpty(s) || s.Contains(' ', StringComparison.Ordinal)))
        {
            throw new ArgumentException("At least one scope is required, and scopes must be non-empty and contain no spaces (RFC 6749 §3.3).", nameof(scopes));
        }

        return [.. scopes.Distinct(StringComparer.Ordinal)];
    }
}
