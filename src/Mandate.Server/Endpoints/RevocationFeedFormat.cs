// Wire format of one revocation feed event (docs/revocation.md), shared by the JSON page and the SSE stream:
//   {"seq":7,"type":"token","jti":"...","exp":1767225600}
//   {"seq":8,"type":"agent","sub":"agt_...","nbf":1767225300,"exp":1767228900}   tokens with iat <= nbf are revoked
//   {"seq":9,"type":"key","kid":"...","exp":1767228900}                           tokens signed by kid are revoked
// Times are NumericDate seconds (RFC 7519 §2). "exp" is when the event stops mattering.
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.Endpoints;

internal static class RevocationFeedFormat
{
    public static void Write(Utf8JsonWriter writer, RevocationEvent revocation)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", revocation.Sequence);
        switch (revocation.Kind)
        {
            case RevocationKind.Token:
                writer.WriteString("type", "token");
                writer.WriteString("jti", revocation.Subject);
                break;
            case RevocationKind.AgentNotBefore:
                writer.WriteString("type", "agent");
                writer.WriteString("sub", revocation.Subject);
                writer.WriteNumber("nbf", revocation.At.ToUnixTimeSeconds());
                break;
            default:
                writer.WriteString("type", "key");
                writer.WriteString("kid", revocation.Subject);
                break;
        }

        writer.WriteNumber("exp", revocation.ExpiresAt.ToUnixTimeSeconds());
        writer.WriteEndObject();
    }

    public static Task WriteHelloAsync(HttpResponse response, long head, bool reset, CancellationToken cancellationToken) =>
        WriteTextAsync(response, string.Create(CultureInfo.InvariantCulture, $"retry: 1000\nevent: hello\ndata: {{\"head\":{head},\"reset\":{(reset ? "true" : "false")}}}\n\n"), flush: true, cancellationToken);

    /// <summary>Writes one event; an expired one is sent as a comment-free "skip" so the cursor still advances.</summary>
    public static async Task WriteEventAsync(HttpResponse response, RevocationEvent revocation, bool expired, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, revocation);
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"id: {revocation.Sequence}\nevent: {(expired ? "skip" : "revocation")}\ndata: ")
            + Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n\n";
        await WriteTextAsync(response, text, flush: false, cancellationToken).ConfigureAwait(false);
    }

    public static Task WriteHeartbeatAsync(HttpResponse response, CancellationToken cancellationToken) =>
        WriteTextAsync(response, ": keep-alive\n\n", flush: true, cancellationToken);

    private static async Task WriteTextAsync(HttpResponse response, string text, bool flush, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        if (flush)
        {
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
