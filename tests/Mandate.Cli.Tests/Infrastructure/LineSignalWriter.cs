using System.Text;

namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>A thread-safe <see cref="TextWriter"/> that completes a task once the text contains a marker.</summary>
public sealed class LineSignalWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly string _marker;
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates a writer that waits for <paramref name="marker"/>.</summary>
    public LineSignalWriter(string marker) => _marker = marker;

    /// <summary>Completes when the marker has been written.</summary>
    public Task Seen => _seen.Task;

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
            if (value == '\n' && _text.ToString().Contains(_marker, StringComparison.Ordinal))
            {
                _seen.TrySetResult();
            }
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
