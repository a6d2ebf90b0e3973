namespace Mandate.Samples.McpServer;

/// <summary>The scopes of the sample MCP server.</summary>
public static class NoteScopes
{
    /// <summary>List and read notes.</summary>
    public const string Read = "notes:read";

    /// <summary>Add notes.</summary>
    public const string Write = "notes:write";
}
