using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mandate.Testing;

/// <summary>Keeps every log line (message, state values and exception text) at every level, for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, EventId EventId, string Text)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public bool Contains(int eventId) => Entries.Any(e => e.EventId.Id == eventId);

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text += " | " + string.Join(" ", values.Select(v => v.Key + "=" + v.Value));
            }

            owner.Entries.Enqueue((category, eventId, text + (exception is null ? "" : " | " + exception)));
        }
    }
}
