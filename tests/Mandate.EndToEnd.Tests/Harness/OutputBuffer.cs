namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>Lines of one output stream of a process, appended from the reader thread and read by tests.</summary>
internal sealed class OutputBuffer
{
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private bool _completed;

    /// <summary>True once the stream reached its end (the process closed it or exited).</summary>
    public bool Completed
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

    /// <summary>A snapshot of every line so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Every line so far joined with '\n'.</summary>
    public string Text => string.Join('\n', Lines);

    /// <summary>Called with each line from the process; null marks the end of the stream.</summary>
    public void Append(string? line)
    {
        lock (_gate)
        {
            if (line is null)
            {
                _completed = true;
            }
            else
            {
                _lines.Add(line);
            }
        }
    }

    /// <summary>The first line matching <paramref name="predicate"/>, or null.</summary>
    public string? Find(Func<string, bool> predicate)
    {
        lock (_gate)
        {
            return _lines.FirstOrDefault(predicate);
        }
    }
}
