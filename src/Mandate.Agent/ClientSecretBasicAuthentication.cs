// RFC 6749 §2.3.1: client_secret_basic. The client id and secret are each encoded with the
// application/x-www-form-urlencoded algorithm (RFC 6749 Appendix B) BEFORE being joined with ':'
// and base64-encoded, so ids or secrets containing ':', '%', '+' or non-ASCII survive the round trip.
// Deviation: none. The client_id is not repeated in the body (§2.3: one authentication method only).
using System.Net.Http.Headers;
using System.Text;

namespace Mandate.Agent;

internal sealed class ClientSecretBasicAuthentication : IClientAuthentication
{
    private readonly string headerParameter;

    public ClientSecretBasicAuthentication(string clientId, string clientSecret)
    {
        headerParameter = Encode(clientId, clientSecret);
    }

    public void Apply(HttpRequestMessage request, List<KeyValuePair<string, string>> form, Uri tokenEndpoint) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", headerParameter);

    /// <summary>The <c>Basic</c> credentials parameter: base64(formencode(id) ":" formencode(secret)).</summary>
    internal static string Encode(string clientId, string clientSecret) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(FormUrlEncode(clientId) + ":" + FormUrlEncode(clientSecret)));

    /// <summary>application/x-www-form-urlencoded, as FormUrlEncodedContent writes it: UTF-8,
    /// percent-encoding of everything but unreserved characters, space as '+'.</summary>
    internal static string FormUrlEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    public override string ToString() => "client_secret_basic";
}
