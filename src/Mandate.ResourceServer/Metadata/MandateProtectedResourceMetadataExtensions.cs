// RFC 9728 §3.2: GET returns a JSON object with the protected resource's metadata, 200, application/json.
// Members: resource (§2, REQUIRED), authorization_servers (the issuer), scopes_supported (when configured),
// bearer_methods_supported (RFC 6750 methods this API accepts: "header", plus "query" only when enabled).
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mandate.Protocol.Metadata;

namespace Mandate.ResourceServer.Metadata;

/// <summary>Maps the RFC 9728 protected resource metadata endpoint.</summary>
public static class MandateProtectedResourceMetadataExtensions
{
    /// <summary>Maps <c>GET /.well-known/oauth-protected-resource</c> (with the resource's path appended when it has one,
    /// RFC 9728 §3.1), built from the options of <paramref name="authenticationScheme"/>. Anonymous.</summary>
    public static IEndpointConventionBuilder MapMandateProtectedResourceMetadata(this IEndpointRouteBuilder endpoints, string authenticationScheme = MandateBearerDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptionsMonitor<MandateBearerOptions>>().Get(authenticationScheme);
        var document = Write(options);
        return endpoints.MapGet(ProtectedResourceMetadataLocation.PathFor(options), (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(document, "application/json");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    internal static byte[] Write(MandateBearerOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(ProtectedResourceMetadataNames.Resource, ProtectedResourceMetadataLocation.ResourceFor(options));
            writer.WriteStartArray(ProtectedResourceMetadataNames.AuthorizationServers);
            writer.WriteStringValue(options.Issuer);
            writer.WriteEndArray();
            if (options.ResourceMetadata.ScopesSupported.Count > 0)
            {
                writer.WriteStartArray(ProtectedResourceMetadataNames.ScopesSupported);
                foreach (var scope in options.ResourceMetadata.ScopesSupported)
                {
                    writer.WriteStringValue(scope);
                }

                writer.WriteEndArray();
            }

            writer.WriteStartArray(ProtectedResourceMetadataNames.BearerMethodsSupported);
            writer.WriteStringValue("header");
            if (options.AllowQueryStringToken)
            {
                writer.WriteStringValue("query");
            }

            writer.WriteEndArray();
            if (options.ResourceMetadata.ResourceName is { } name)
            {
                writer.WriteString(ProtectedResourceMetadataNames.ResourceName, name);
            }

            if (options.ResourceMetadata.ResourceDocumentation is { } documentation)
            {
                writer.WriteString(ProtectedResourceMetadataNames.ResourceDocumentation, documentation.AbsoluteUri);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
