// RFC 9728 §3.1: the metadata URL is the resource identifier with /.well-known/oauth-protected-resource inserted
// between the host and the path. The host part comes from the request (as ASP.NET Core sees it after forwarded
// headers), the path suffix from the configured resource identifier.
using Microsoft.AspNetCore.Http;

namespace Mandate.ResourceServer.Metadata;

internal static class ProtectedResourceMetadataLocation
{
    /// <summary>The <c>resource</c> value: <see cref="ProtectedResourceMetadataOptions.Resource"/>, else the audience.</summary>
    public static string ResourceFor(MandateBearerOptions options) => options.ResourceMetadata.Resource ?? options.Audience!;

    /// <summary>The route of the metadata document, including the resource's path suffix when it has one.</summary>
    public static string PathFor(MandateBearerOptions options)
    {
        var resource = ResourceFor(options);
        if (Uri.TryCreate(resource, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.AbsolutePath != "/")
        {
            return MandateBearerDefaults.ProtectedResourceMetadataPath + uri.AbsolutePath.TrimEnd('/');
        }

        return MandateBearerDefaults.ProtectedResourceMetadataPath;
    }

    /// <summary>The absolute URL of the metadata document for the <c>resource_metadata</c> challenge parameter.</summary>
    public static string UrlFor(HttpRequest request, MandateBearerOptions options) =>
        string.Concat(request.Scheme, "://", request.Host.ToUriComponent(), request.PathBase.ToUriComponent(), PathFor(options));
}
