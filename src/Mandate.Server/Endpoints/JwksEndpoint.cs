// GET /jwks (RFC 7517 §5): the public members of the pending, active and retired signing keys, served
// from memory. Short caching lets resource servers pick up a new key within minutes; they also refetch
// on an unknown kid.
using Mandate.Server.Keys;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.Endpoints;

internal sealed class JwksEndpoint(SigningKeyRing keys)
{
    public Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        // RFC 7517 §8.5 media type; JSON parsers accept it as any JSON.
        response.ContentType = "application/jwk-set+json";
        response.Headers.CacheControl = "public, max-age=300";
        return response.Body.WriteAsync(keys.Snapshot.JwksJson, context.RequestAborted).AsTask();
    }
}
