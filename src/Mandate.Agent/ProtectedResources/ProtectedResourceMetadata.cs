// RFC 9728 protected resource metadata as a client reads it: fetched from the resource_metadata URL of a 401
// (§5.1), bounded in size, and accepted only when its resource equals the URL the client was calling (§3.3: a
// document for another resource must not be used, or a server could send the client's tokens elsewhere).
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.Protocol.Metadata;

namespace Mandate.Agent.ProtectedResources;

internal sealed record ProtectedResourceMetadata(Uri Resource, Uri AuthorizationServer, IReadOnlyList<string> ScopesSupported)
{
    private const int MaxBytes = 64 * 1024;

    /// <summary>Fetches and checks the document; throws <see cref="MandateTokenException"/> (invalid_response) when unusable.</summary>
    public static async Task<ProtectedResourceMetadata> FetchAsync(HttpClient http, Uri metadataUrl, Uri requested, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, metadataUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxBytes)
        {
            throw Invalid("protected resource metadata answered " + (int)response.StatusCode);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > MaxBytes)
        {
            throw Invalid("protected resource metadata is too large");
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var resource = root.GetProperty(ProtectedResourceMetadataNames.Resource).GetString();
            var servers = root.GetProperty(ProtectedResourceMetadataNames.AuthorizationServers);
            if (!Uri.TryCreate(resource, UriKind.Absolute, out var resourceUri) || !SameResource(resourceUri, requested)
                || servers.ValueKind != JsonValueKind.Array || servers.GetArrayLength() == 0
                || !Uri.TryCreate(servers[0].GetString(), UriKind.Absolute, out var issuer))
            {
                throw Invalid("protected resource metadata does not describe " + requested.GetLeftPart(UriPartial.Path) + " or names no authorization server");
            }

            var scopes = root.TryGetProperty(ProtectedResourceMetadataNames.ScopesSupported, out var s) && s.ValueKind == JsonValueKind.Array
                ? s.EnumerateArray().Select(static e => e.GetString() ?? "").Where(static e => e.Length > 0).ToArray()
                : [];
            return new ProtectedResourceMetadata(resourceUri, issuer, scopes);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw Invalid("protected resource metadata is not valid JSON of the RFC 9728 shape");
        }
    }

    private static bool SameResource(Uri resource, Uri requested) =>
        Uri.Compare(resource, requested, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.Ordinal) == 0;

    private static MandateTokenException Invalid(string description) =>
        new(MandateTokenException.InvalidResponse, description, null, isTransient: false);
}
