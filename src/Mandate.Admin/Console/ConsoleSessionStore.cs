// Server-side console sessions. The cookie carries only a 256-bit random id; the operator, role and
// anti-forgery token stay on this node. Sessions end after IdleTimeout without a request, after
// SessionLifetime in any case, and at sign-out. They are per node: behind a load balancer, pin the console
// to one node (docs/console.md).
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mandate.Jose;
using Microsoft.Extensions.Options;

namespace Mandate.Admin.Console;

internal sealed class ConsoleSessionStore(TimeProvider timeProvider, IOptions<MandateConsoleOptions> options, ConsoleReadRights readRights)
{
    private const int MaxSessions = 10_000;

    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new session for <paramref name="operatorId"/> (as audited), shown as <paramref name="displayName"/> when given.</summary>
    public ConsoleSession Create(string operatorId, ConsoleRole role, string? displayName = null)
    {
        var now = timeProvider.GetUtcNow();
        if (_sessions.Count >= MaxSessions)
        {
            RemoveExpired(now);
        }

        var session = new ConsoleSession(NewToken(), operatorId, role, NewToken(), now, readRights) { DisplayName = displayName ?? operatorId };
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>The live session with this id, touched; null when unknown, idle too long or too old.</summary>
    public ConsoleSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        if (IsExpired(session, now))
        {
            _sessions.TryRemove(id, out _);
            return null;
        }

        session.LastSeen = now;
        return session;
    }

    public void Remove(string id) => _sessions.TryRemove(id, out _);

    public static string NewToken() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    private bool IsExpired(ConsoleSession session, DateTimeOffset now)
    {
        var settings = options.Value;
        return now - session.LastSeen >= settings.IdleTimeout || now - session.CreatedAt >= settings.SessionLifetime;
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var (id, session) in _sessions)
        {
            if (IsExpired(session, now))
            {
                _sessions.TryRemove(id, out _);
            }
        }
    }
}
