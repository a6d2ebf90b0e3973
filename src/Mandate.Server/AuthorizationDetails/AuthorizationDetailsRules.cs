// RFC 9396 authorization_details checks, pure functions over JSON.
//  - §2: the parameter is a JSON array of objects; each has a string "type". Mandate also requires: 1-16 objects,
//    at most 8 KiB, no repeated member names, the type registered for the client, every other member one of the
//    type's registered fields, and - where the registration lists allowed values for a field - a string value
//    from that list. Anything else is invalid_authorization_details (§5).
//  - Narrowing (token exchange, refresh): every requested object must be a field-subset of one held object: the
//    same type, and each of its members present in that held object with an equal JSON value. So a request can
//    drop objects and drop fields, never add or change one.
using System.Text;
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Storage;

namespace Mandate.Server.AuthorizationDetails;

internal static class AuthorizationDetailsRules
{
    public const int MaxNameLength = 64;
    private const int MaxObjects = 16;
    private const int MaxLength = 8 * 1024;
    private const string TypeMember = "type";

    /// <summary>Parses and checks <paramref name="parameter"/>; returns the compact JSON array or an error.</summary>
    public static (string? Json, OAuthError? Error) Validate(string parameter, IReadOnlyList<AuthorizationDetailType> registered, ICollection<string> supported)
    {
        if (parameter.Length > MaxLength || !TryParse(parameter, out var document))
        {
            return (null, AuthorizationDetailsErrors.Malformed);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() is 0 or > MaxObjects)
            {
                return (null, AuthorizationDetailsErrors.Malformed);
            }

            foreach (var detail in root.EnumerateArray())
            {
                if (Check(detail, registered, supported) is { } error)
                {
                    return (null, error);
                }
            }

            return (Compact(root), null);
        }
    }

    /// <summary>True when every object of <paramref name="requested"/> is a field-subset of one object of <paramref name="held"/>.</summary>
    public static bool IsNarrowing(string requested, string? held)
    {
        if (held is null || !TryParse(requested, out var requestedDocument))
        {
            return false;
        }

        using (requestedDocument)
        {
            if (!TryParse(held, out var heldDocument))
            {
                return false;
            }

            using (heldDocument)
            {
                if (heldDocument.RootElement.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                foreach (var wanted in requestedDocument.RootElement.EnumerateArray())
                {
                    var covered = false;
                    foreach (var have in heldDocument.RootElement.EnumerateArray())
                    {
                        if (IsSubset(wanted, have))
                        {
                            covered = true;
                            break;
                        }
                    }

                    if (!covered)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }

    private static OAuthError? Check(JsonElement detail, IReadOnlyList<AuthorizationDetailType> registered, ICollection<string> supported)
    {
        if (detail.ValueKind != JsonValueKind.Object || !detail.TryGetProperty(TypeMember, out var typeValue) || typeValue.ValueKind != JsonValueKind.String)
        {
            return AuthorizationDetailsErrors.Malformed;
        }

        var type = Find(registered, typeValue.GetString()!);
        if (type is null || !supported.Contains(type.Type))
        {
            return AuthorizationDetailsErrors.UnknownType;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in detail.EnumerateObject())
        {
            if (!names.Add(member.Name))
            {
                return AuthorizationDetailsErrors.Malformed;
            }

            if (member.Name == TypeMember)
            {
                continue;
            }

            if (!Contains(type.Fields, member.Name))
            {
                return AuthorizationDetailsErrors.FieldNotAllowed;
            }

            if (type.AllowedValues.TryGetValue(member.Name, out var allowed)
                && (member.Value.ValueKind != JsonValueKind.String || !Contains(allowed, member.Value.GetString()!)))
            {
                return AuthorizationDetailsErrors.FieldNotAllowed;
            }
        }

        return null;
    }

    private static bool IsSubset(JsonElement wanted, JsonElement have)
    {
        if (wanted.ValueKind != JsonValueKind.Object || have.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var member in wanted.EnumerateObject())
        {
            if (!have.TryGetProperty(member.Name, out var value) || !JsonElement.DeepEquals(member.Value, value))
            {
                return false;
            }
        }

        return true;
    }

    private static AuthorizationDetailType? Find(IReadOnlyList<AuthorizationDetailType> registered, string type)
    {
        foreach (var candidate in registered)
        {
            if (string.Equals(candidate.Type, type, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var item in values)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParse(string json, out JsonDocument document)
    {
        document = null!;
        try
        {
            var parsed = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (!JsonUnicode.HasOnlyValidStrings(parsed.RootElement))
            {
                parsed.Dispose();
                return false;
            }

            document = parsed;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Compact(JsonElement root)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            root.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
