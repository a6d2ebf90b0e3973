// Request and response plumbing shared by the admin endpoints: bounded JSON bodies (bad JSON -> 400
// invalid_request, never 500), no-store responses (they may carry a client secret), errors through the
// single OAuthErrorResult writer.
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Endpoints;
using Microsoft.AspNetCore.Http;

using Mandate.Server;

namespace Mandate.Admin;

internal static class AdminHttp
{
    private const int MaxBodySize = 64 * 1024;

    /// <summary>Runs <paramref name="handler"/> for a caller whose admin token carries <paramref name="scope"/> or
    /// <c>mandate:admin</c>; anyone else gets the RFC 6750 error. Map routes through <see cref="AdminRoutes"/>.</summary>
    public static RequestDelegate Protect(string scope, Func<HttpContext, string, Task> handler) => async context =>
    {
        var authorizer = context.RequestServices.GetRequiredServiceOf<AdminAuthorizer>();
        var (clientId, failure) = await authorizer.AuthorizeAsync(context, scope).ConfigureAwait(false);
        if (failure is not null)
        {
            await failure.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await handler(context, clientId!).ConfigureAwait(false);
    };

    public static async Task<(T? Value, OAuthErrorResult? Failure)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var request = context.Request;
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Invalid("MND2600: The body must be application/json."));
        }

        if (request.ContentLength > MaxBodySize)
        {
            return (null, Invalid("MND2601: The body is too large."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodySize)
            {
                return (null, Invalid("MND2601: The body is too large."));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), typeInfo);
            return value is null ? (null, Invalid("MND2602: The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException)
        {
            return (null, Invalid("MND2602: The body is not valid JSON for this request."));
        }
    }

    public static async Task WriteAsync<T>(HttpContext context, int statusCode, T value, JsonTypeInfo<T> typeInfo)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        await JsonSerializer.SerializeAsync(response.Body, value, typeInfo, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, AgentError error) =>
        OAuthErrorResult.WithStatus(new OAuthError(error.Error, error.Description), error.StatusCode).ExecuteAsync(context);

    public static OAuthErrorResult Invalid(string description) =>
        OAuthErrorResult.WithStatus(OAuthError.InvalidRequest(description), StatusCodes.Status400BadRequest);

    private static T GetRequiredServiceOf<T>(this IServiceProvider services)
        where T : notnull =>
        (T?)services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered; call AddMandateServer().");
}
