// draft-ietf-oauth-status-list §8.1/§8.2: GET {issuer}/statuslists/{n} answers 200 with the Status List Token as
// application/statuslist+jwt; §9.3: GET {issuer}/statuslists answers {"status_lists":[...]} as application/json.
// Both are public, like the JWKS: a list holds bits, never token values or ids. Cache-Control carries the lists' ttl
// (both answers), so APIs and CDNs may cache a list exactly as long as the ttl claim allows (§8.2: the claims take
// precedence).
// A request whose Accept excludes the JWT form (e.g. only application/statuslist+cwt) gets 406; an unknown list 404.
using System.Globalization;
using System.Text.Json;
using Mandate.Protocol.StatusList;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Mandate.Server.StatusList;

internal sealed class StatusListEndpoint(StatusListTokenWriter writer, StatusListUris uris, IOptions<StatusListOptions> options, ILogger<StatusListEndpoint> logger)
{
    public async Task HandleListAsync(HttpContext context, string id)
    {
        var response = context.Response;
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var listId) || listId < 1 || listId > options.Value.ListCount
            || id.Length > 1 && id[0] == '0')
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!AcceptsJwt(context.Request))
        {
            response.StatusCode = StatusCodes.Status406NotAcceptable;
            return;
        }

        string token;
        try
        {
            token = await writer.WriteAsync(listId, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The store did not answer: a 503 the API retries, never a stale or empty list.
            StatusListLog.ListUnavailable(logger, exception, listId);
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "1";
            response.Headers.CacheControl = "no-store";
            return;
        }

        response.ContentType = StatusListNames.MediaType;
        response.Headers.CacheControl = PublicCacheControl;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.Vary = HeaderNames.Accept;
        await response.WriteAsync(token, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task HandleAggregationAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        response.Headers.CacheControl = PublicCacheControl;
        response.Headers.AccessControlAllowOrigin = "*";
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteStartArray(StatusListNames.StatusLists);
        foreach (var uri in uris.All)
        {
            json.WriteStringValue(uri);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    // The lists' ttl: the aggregation is cached no longer than the lists it names.
    private string PublicCacheControl => "public, max-age=" + ((long)options.Value.TimeToLive.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static bool AcceptsJwt(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return true;
        }

        foreach (var range in accept)
        {
            if (range.Quality is 0)
            {
                continue;
            }

            if (range.MatchesAllTypes || range.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                || range.MediaType.Equals(StatusListNames.MediaType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
