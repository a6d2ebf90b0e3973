// Keeps a RevocationDenyList synchronised with the issuer's revocation feed (docs/revocation.md) over server-sent
// events (WHATWG HTML §9.2): GET {feed}?after={cursor} with Accept: text/event-stream. The issuer first sends
// "hello" ({"head","reset"}), then every event after the cursor, then new events as they are stored, and a comment
// every 15 s. The cursor is the last "id:" seen, so a reconnect (after a network error or an issuer restart)
// resumes where it stopped; "reset" (the issuer's log is behind the cursor) clears the list and replays from 0.
// A stream silent for IdleTimeout is treated as dead and reopened, so a half-open TCP connection cannot
// silently stop revocations from arriving.
using System.Globalization;
using System.Text.Json;
using Mandate.ResourceServer.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Revocation;

internal sealed class RevocationFeedClient(HttpClient backchannel, Uri feed, RevocationDenyList denyList, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan MinRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(10);
    private Action? _onEvent;

    /// <summary>The sequence of the last event applied (0 before the first).</summary>
    public long Cursor { get; private set; }

    /// <summary>Number of events applied since start, for tests and diagnostics.</summary>
    public long Applied { get; private set; }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; never throws otherwise.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retry = MinRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ReadStreamAsync(cancellationToken).ConfigureAwait(false);
                retry = MinRetry;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException or JsonException or InvalidDataException)
            {
                Log.RevocationFeedFailed(logger, feed, Cursor, exception);
            }

            try
            {
                await Task.Delay(retry, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
        }
    }

    private async Task ReadStreamAsync(CancellationToken cancellationToken)
    {
        using var idle = new CancellationTokenSource(IdleTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        var address = new Uri(feed, "?after=" + Cursor.ToString(CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await backchannel.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        Log.RevocationFeedConnected(logger, feed, Cursor);

        string? eventName = null, data = null, id = null;
        while (await reader.ReadLineAsync(linked.Token).ConfigureAwait(false) is { } line)
        {
            idle.CancelAfter(IdleTimeout);
            if (line.Length == 0)
            {
                Dispatch(eventName, data, id);
                eventName = data = id = null;
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventName = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = line[5..].Trim();
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = line[3..].Trim();
            }
        }
    }

    /// <summary>Calls <paramref name="callback"/> after each applied revocation event (the status lists refresh at once).</summary>
    public void OnEvent(Action callback) => _onEvent += callback;

    private void Dispatch(string? eventName, string? data, string? id)
    {
        switch (eventName)
        {
            case "hello" when data is not null:
                using (var hello = ParseEvent(data))
                {
                    if (hello.RootElement.TryGetProperty("reset", out var reset) && reset.ValueKind == JsonValueKind.True)
                    {
                        Log.RevocationFeedReset(logger, feed, Cursor);
                        denyList.Clear();
                        Cursor = 0;
                    }
                }

                break;
            case "revocation" when data is not null:
                Apply(data);
                Cursor = ParseId(id);
                Applied++;
                _onEvent?.Invoke();
                break;
            case "skip":
                Cursor = ParseId(id);
                break;
        }
    }

    // A malformed event (a member missing or of the wrong kind, a number out of range, text that is not Unicode) is an
    // InvalidDataException: the loop logs it and reconnects from the cursor, so the feed stops at that event, visibly,
    // and never dies. Skipping it instead would silently drop a revocation.
    private void Apply(string data)
    {
        try
        {
            ApplyEvent(data);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("Malformed revocation event.", exception);
        }
    }

    private void ApplyEvent(string data)
    {
        using var document = ParseEvent(data);
        var root = document.RootElement;
        var expires = root.GetProperty("exp").GetInt64();
        switch (root.GetProperty("type").GetString())
        {
            case "token":
                denyList.AddToken(root.GetProperty("jti").GetString()!, expires);
                break;
            case "agent":
                denyList.AddAgentMark(root.GetProperty("sub").GetString()!, root.GetProperty("nbf").GetInt64(), expires);
                break;
            case "key":
                denyList.AddKey(root.GetProperty("kid").GetString()!, expires);
                break;
        }
    }

    private static JsonDocument ParseEvent(string data)
    {
        var document = JsonDocument.Parse(data);
        if (document.RootElement.ValueKind == JsonValueKind.Object && Mandate.Protocol.JsonUnicode.HasOnlyValidStrings(document.RootElement))
        {
            return document;
        }

        document.Dispose();
        throw new InvalidDataException("A revocation feed event is not a JSON object of valid Unicode text.");
    }

    private long ParseId(string? id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : throw new InvalidDataException("Feed event without a numeric id.");
}
