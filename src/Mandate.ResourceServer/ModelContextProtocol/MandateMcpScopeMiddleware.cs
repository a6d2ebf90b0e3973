// Per-method and per-tool scopes on an MCP endpoint (MCP authorization, "Scope Challenge Handling"): after the
// authorization middleware has admitted a valid token for this audience, the JSON-RPC body is read (bounded) and
// every scope its method and tool need is checked. A missing scope is a 403 with RFC 6750 §3.1 insufficient_scope,
// whose scope parameter names all scopes the operation needs, and RFC 9728 §5.1 resource_metadata (written by
// MandateBearerHandler's forbid). The body is handed on unchanged to the MCP server.
using Mandate.ResourceServer.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Mandate.ResourceServer.ModelContextProtocol;

internal sealed class MandateMcpScopeMiddleware(RequestDelegate next)
{
    private static readonly byte[] ParseError = """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"""u8.ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<MandateMcpScopeOptions>() is not { } options || !HttpMethods.IsPost(context.Request.Method))
        {
            await next(context);
            return;
        }

        if (context.GetMandateToken() is not { } token)
        {
            await context.ChallengeAsync(options.AuthenticationScheme);
            return;
        }

        var body = await ReadBoundedAsync(context.Request, options.MaxRequestBytes, context.RequestAborted);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        if (JsonRpcRequestReader.Read(body) is not { } messages)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(ParseError, context.RequestAborted);
            return;
        }

        var required = Required(options, messages);
        if (required.Exists(scope => !token.HasScope(scope)))
        {
            var properties = new AuthenticationProperties();
            MandateScopeRequirement.WriteRequiredScopes(properties, required);
            await context.ForbidAsync(options.AuthenticationScheme, properties);
            return;
        }

        context.Request.Body = new MemoryStream(body, writable: false);
        await next(context);
    }

    private static List<string> Required(MandateMcpScopeOptions options, List<(string? Method, string? Tool)> messages)
    {
        var required = new List<string>();
        foreach (var (method, tool) in messages)
        {
            if (method is not null && options.Methods.TryGetValue(method, out var methodScopes))
            {
                required.AddRange(methodScopes);
            }

            if (tool is not null && options.Tools.TryGetValue(tool, out var toolScopes))
            {
                required.AddRange(toolScopes);
            }
        }

        return [.. required.Distinct(StringComparer.Ordinal)];
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
