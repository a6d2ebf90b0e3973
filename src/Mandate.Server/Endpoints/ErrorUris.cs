// RFC 6749 §5.2 error_uri: "a URI identifying a human-readable web page with information about the error". Mandate's
// error descriptions start with a stable id (docs/errors.md), so the page is the catalogue entry of that id, at the
// address the operator publishes it (MandateServerOptions.ErrorUriTemplate). Nothing is added without a template.
using System.Diagnostics.CodeAnalysis;

namespace Mandate.Server.Endpoints;

internal static class ErrorUris
{
    private const string Placeholder = "{id}";
    private const int IdLength = 7; // "MND" + four digits

    /// <summary>True for an absolute http(s) URI template that contains <c>{id}</c> and stays a URI once it is filled.</summary>
    public static bool IsValidTemplate(string template) =>
        template.Contains(Placeholder, StringComparison.Ordinal)
        && Uri.TryCreate(template.Replace(Placeholder, "id", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>The error URI of a description that starts with <c>MNDnnnn:</c>; false when there is no id or no template.</summary>
    public static bool TryCreate(string? template, string? description, [NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        if (template is null || !TryReadId(description, out var id))
        {
            return false;
        }

        return Uri.TryCreate(template.Replace(Placeholder, id, StringComparison.Ordinal), UriKind.Absolute, out uri);
    }

    private static bool TryReadId(string? description, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (description is null || description.Length <= IdLength || !description.StartsWith("MND", StringComparison.Ordinal) || description[IdLength] != ':')
        {
            return false;
        }

        for (var i = 3; i < IdLength; i++)
        {
            if (!char.IsAsciiDigit(description[i]))
            {
                return false;
            }
        }

        id = description[..IdLength];
        return true;
    }
}
