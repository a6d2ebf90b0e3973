// Client-facing errors for RFC 9396 authorization_details (STYLE §5, IDs MND2760-2769). RFC 9396 §5: a request
// whose authorization_details are malformed, of an unknown type, or carry unknown or disallowed fields is
// invalid_authorization_details. Which object or field failed goes to the log, not to the client.
using Mandate.Protocol;

namespace Mandate.Server.AuthorizationDetails;

internal static class AuthorizationDetailsErrors
{
    public static readonly OAuthError Malformed = Invalid("MND2760", "authorization_details must be a JSON array of 1 to 16 objects, each with a string type and no repeated member (RFC 9396 §2).");
    public static readonly OAuthError UnknownType = Invalid("MND2761", "An authorization_details type is not registered for this client.");
    public static readonly OAuthError FieldNotAllowed = Invalid("MND2762", "An authorization_details object carries a field not registered for its type, or a value that is not allowed.");
    public static readonly OAuthError NotNarrowing = Invalid("MND2763", "authorization_details may only keep or narrow those of the token they are derived from.");

    private static OAuthError Invalid(string id, string text) => OAuthError.InvalidAuthorizationDetails(id + ": " + text);
}
