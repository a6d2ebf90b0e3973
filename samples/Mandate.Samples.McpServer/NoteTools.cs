using System.ComponentModel;
using Mandate.ResourceServer;
using ModelContextProtocol.Server;

namespace Mandate.Samples.McpServer;

/// <summary>The sample's MCP tools: two read-only ones and one that writes.</summary>
[McpServerToolType]
public sealed class NoteTools(NoteBook notes, IHttpContextAccessor http)
{
    /// <summary>The name of the writing tool, which needs <see cref="NoteScopes.Write"/>.</summary>
    public const string AddNoteName = "add_note";

    /// <summary>Lists the note numbers.</summary>
    [McpServerTool(Name = "list_notes", ReadOnly = true), Description("Lists the numbers of all notes.")]
    public string ListNotes() => string.Join(",", notes.Ids());

    /// <summary>Reads one note.</summary>
    [McpServerTool(Name = "read_note", ReadOnly = true), Description("Reads the note with the given number.")]
    public string ReadNote([Description("The note number.")] int id) => notes.Find(id) ?? "no such note";

    /// <summary>Adds a note, recording which agent wrote it.</summary>
    [McpServerTool(Name = AddNoteName), Description("Adds a note and returns its number.")]
    public string AddNote([Description("The text of the note.")] string text)
    {
        var agent = http.HttpContext?.GetMandateToken()?.AgentId ?? "unknown";
        return notes.Add(agent + ": " + text).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
