// Step 1 of the token endpoint: RFC 6749 §3.2 requires POST with application/x-www-form-urlencoded.
// The body is read up to MaxRequestBodySize bytes and no further, so an oversized request costs at most
// that much memory and gets invalid_request rather than a 413 from the host.
using System.Buffers;
using Mandate.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Mandate.Server.Endpoints;

internal static class TokenRequestReader
{
    private const string FormMediaType = "application/x-www-form-urlencoded";

    // RFC 8707 §2: resource may be repeated; the grant decides what several values mean.
    private static readonly IReadOnlySet<string> MultiValued = new HashSet<string>(StringComparer.Ordinal) { OAuthParameters.Resource };

    public static async ValueTask<(Dictionary<string, StringValues>? Parameters, OAuthError? Error)> ReadAsync(HttpRequest request, int maxBodySize, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(request.Method) || !IsFormContentType(request.ContentType))
        {
            return (null, ErrorDescriptions.NotFormPost);
        }

        if (request.ContentLength > maxBodySize)
        {
            return (null, ErrorDescriptions.BodyTooLarge);
        }

        var reader = request.BodyReader;
        while (true)
        {
            // No cancellation token: a cancelled read leaves Kestrel's body reader "in progress" and the connection ends with
            // an error log. When the client goes away Kestrel completes the body with an exception instead, which
            // StoreFaultGuard answers as an aborted request; a slow client is cut off by Kestrel's MinRequestBodyDataRate.
            cancellationToken.ThrowIfCancellationRequested();
            var result = await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > maxBodySize)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return (null, ErrorDescriptions.BodyTooLarge);
            }

            if (result.IsCompleted)
            {
                var error = Parse(buffer, out var parameters);
                reader.AdvanceTo(buffer.End);
                return error is null ? (parameters, null) : (null, error);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    internal static bool IsFormContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(FormMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Parameters such as "; charset=UTF-8" are allowed; "application/x-www-form-urlencodedX" is not.
        var rest = contentType.AsSpan(FormMediaType.Length).TrimStart();
        return rest.IsEmpty || rest[0] == ';';
    }

    private static OAuthError? Parse(ReadOnlySequence<byte> body, out Dictionary<string, StringValues> parameters)
    {
        if (body.IsSingleSegment)
        {
            return FormBody.TryParse(body.FirstSpan, MultiValued, out parameters);
        }

        var length = (int)body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return FormBody.TryParse(rented.AsSpan(0, length), MultiValued, out parameters);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }
}
