// RFC 6749 §4.4.2 (client credentials access token request) with §2.3.1 client_secret_basic:
// client id and secret are form-urlencoded before being joined and base64-encoded.
// RFC 8707 §2: each resource is sent as its own "resource" parameter.
using System.Net.Http.Headers;
using System.Text;

namespace Mandate.Cli.Http;

/// <summary>Requests access tokens with the client credentials grant, authenticating with <c>client_secret_basic</c>.</summary>
internal sealed class TokenEndpointClient
{
    private readonly HttpClient _http;

    /// <summary>Creates the client over <paramref name="http"/> (not disposed by this type).</summary>
    public TokenEndpointClient(HttpClient http) => _http = http;

    /// <summary>Sends one client credentials token request.</summary>
    /// <param name="tokenEndpoint">Absolute URL of the token endpoint.</param>
    /// <param name="clientId">The client id.</param>
    /// <param name="clientSecret">The client secret.</param>
    /// <param name="scope">Space-separated scopes, or null to get the client's default scopes.</param>
    /// <param name="resources">RFC 8707 resource indicators; may be empty.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response, successful or an OAuth error. Throws <see cref="CliException"/> (exit 3) when unreachable.</returns>
    public async Task<TokenResponse> RequestAsync(
        Uri tokenEndpoint, string clientId, string clientSecret, string? scope, IReadOnlyList<string> resources,
        CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (!string.IsNullOrWhiteSpace(scope))
        {
            form.Add(new("scope", scope.Trim()));
        }

        foreach (string resource in resources)
        {
            form.Add(new("resource", resource));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        string credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using HttpResponseMessage response = await Reachability.SendAsync(_http, request, cancellationToken).ConfigureAwait(false);
        return await TokenResponse.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }
}
