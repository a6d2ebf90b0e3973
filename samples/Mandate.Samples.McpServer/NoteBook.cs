using System.Collections.Concurrent;

namespace Mandate.Samples.McpServer;

/// <summary>The sample's in-memory notes, shared by all sessions.</summary>
public sealed class NoteBook
{
    private readonly ConcurrentDictionary<int, string> _notes = new();
    private int _next;

    /// <summary>Adds a note and returns its number.</summary>
    public int Add(string text)
    {
        var id = Interlocked.Increment(ref _next);
        _notes[id] = text;
        return id;
    }

    /// <summary>The note with this number, or null.</summary>
    public string? Find(int id) => _notes.TryGetValue(id, out var text) ? text : null;

    /// <summary>All note numbers, in order.</summary>
    public IReadOnlyList<int> Ids() => [.. _notes.Keys.Order()];
}
