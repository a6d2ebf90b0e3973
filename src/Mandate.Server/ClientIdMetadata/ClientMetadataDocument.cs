// The parts of a client metadata document Mandate uses (draft-ietf-oauth-client-id-metadata-document §4, with the
// RFC 7591 §2 metadata names). Rules:
//  - a JSON object whose client_id equals the URL it was fetched from, by simple string comparison (§4);
//  - no client_secret or client_secret_expires_at, and no shared-secret authentication method (§4: no shared
//    secret can be established through a document);
//  - token_endpoint_auth_method private_key_jwt, stated explicitly (RFC 7591 §2 would default to
//    client_secret_basic, which §4 forbids; Mandate's clients are confidential, so "none" is refused too);
//  - jwks or jwks_uri, not both (RFC 7591 §2);
//  - scope and grant_types, when present, only narrow what the operator's trust rule allows.
using System.Text.Json;

namespace Mandate.Server.ClientIdMetadata;

internal sealed record ClientMetadataDocument
{
    public string? ClientName { get; init; }
    public string? Jwks { get; init; }
    public Uri? JwksUri { get; init; }
    public IReadOnlyList<string>? Scopes { get; init; }
    public IReadOnlyList<string>? GrantTypes { get; init; }

    /// <summary>Parses and checks a fetched document. Returns null with an operator-facing reason on any violation.</summary>
    public static ClientMetadataDocument? Parse(byte[] body, string clientId, bool allowHttpLoopback, out string reason)
    {
        reason = "";
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            reason = "document is not valid JSON";
            return null;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "document is not a JSON object";
                return null;
            }

            if (!root.TryGetProperty("client_id", out var id) || id.ValueKind != JsonValueKind.String || !string.Equals(id.GetString(), clientId, StringComparison.Ordinal))
            {
                reason = "document client_id does not equal the URL it was fetched from";
                return null;
            }

            if (root.TryGetProperty("client_secret", out _) || root.TryGetProperty("client_secret_expires_at", out _))
            {
                reason = "document carries a client_secret";
                return null;
            }

            if (String(root, "token_endpoint_auth_method") != Mandate.Protocol.ClientAuthenticationMethods.PrivateKeyJwt)
            {
                reason = "document token_endpoint_auth_method must be private_key_jwt";
                return null;
            }

            var hasJwks = root.TryGetProperty("jwks", out var jwks);
            var jwksUriText = String(root, "jwks_uri");
            if (hasJwks == (jwksUriText is not null) || (hasJwks && jwks.ValueKind != JsonValueKind.Object))
            {
                reason = "document must have exactly one of jwks (an object) and jwks_uri";
                return null;
            }

            Uri? jwksUri = null;
            if (jwksUriText is not null && (!Uri.TryCreate(jwksUriText, UriKind.Absolute, out jwksUri) || !ClientIdUrl.IsAcceptedScheme(jwksUri, allowHttpLoopback)
                || !string.IsNullOrEmpty(jwksUri.UserInfo) || !string.IsNullOrEmpty(jwksUri.Fragment)))
            {
                reason = "document jwks_uri must be an https URL";
                return null;
            }

            if (!TryStrings(root, "grant_types", out var grantTypes) || (root.TryGetProperty("scope", out var scope) && scope.ValueKind != JsonValueKind.String))
            {
                reason = "document grant_types must be an array of strings and scope a string";
                return null;
            }

            return new ClientMetadataDocument
            {
                ClientName = String(root, "client_name"),
                Jwks = hasJwks ? jwks.GetRawText() : null,
                JwksUri = jwksUri,
                Scopes = String(root, "scope") is { } scopes ? scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries) : null,
                GrantTypes = grantTypes,
            };
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryStrings(JsonElement root, string name, out IReadOnlyList<string>? values)
    {
        values = null;
        if (!root.TryGetProperty(name, out var array))
        {
            return true;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var list = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            list.Add(item.GetString()!);
        }

        values = list;
        return true;
    }
}
