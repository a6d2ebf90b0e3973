// Admin API (docs/architecture.md §4): a bearer token from the client credentials grant with scope
// mandate:admin and RFC 8707 resource "{issuer}/admin", then JSON over /admin/*.
using Mandate.Protocol;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Http;

namespace Mandate.Cli.Admin;

/// <summary>An authenticated connection to a Mandate server's admin API. Maps HTTP failures to exit codes.</summary>
internal sealed class AdminApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _serverUrl;
    private readonly string _accessToken;

    private AdminApiClient(HttpClient http, Uri serverUrl, string accessToken, string issuer, string clientId)
    {
        Issuer = issuer;
        ClientId = clientId;
        _http = http;
        _serverUrl = serverUrl;
        _accessToken = accessToken;
    }

    /// <summary>Resolves credentials, discovers the server and obtains an admin token.</summary>
    /// <returns>The connected client. Throws <see cref="CliException"/>: 3 unreachable, 4 credentials rejected.</returns>
    public static async Task<AdminApiClient> ConnectAsync(CliContext context, AdminConnectionOptions options, CancellationToken cancellationToken)
    {
        AdminCredentials credentials = AdminCredentials.Resolve(context, options.DataDirectory);
        Uri serverUrl = options.ServerUrl
            ?? (Uri.TryCreate(credentials.Issuer, UriKind.Absolute, out Uri? issuerUrl) ? issuerUrl : new Uri(Commands.CommonOptions.DefaultServer));
        HttpClient http = context.CreateHttpClient();
        try
        {
            ServerMetadata metadata = await ServerMetadata.FetchAsync(http, serverUrl, cancellationToken).ConfigureAwait(false);
            // The server's own metadata is the truth: the credentials file may predate an issuer change.
            string issuer = metadata.Issuer;
            Uri tokenEndpoint = ServerMetadata.Rebase(metadata.TokenEndpoint, new Uri(metadata.Issuer), serverUrl);

            // Through Mandate.Agent, as an agent would. No scope: the operator's default scopes (an operator is created
            // with its scopes as defaults; the bootstrap admin's default is mandate:admin), so a least-privilege
            // operator gets exactly what it holds.
            JsonObject token = await Commands.AgentTokenRequest.RequestAsync(
                context, serverUrl, tokenEndpoint, credentials.ClientId, new Commands.AgentCredential(credentials.ClientSecret, null), null,
                null, issuer.TrimEnd('/') + "/admin", cancellationToken, "admin authentication failed", refusalIsAuthentication: true).ConfigureAwait(false);
            return new AdminApiClient(http, serverUrl, token[OAuthParameters.AccessToken]!.GetValue<string>(), issuer, credentials.ClientId);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>The server's issuer identifier, from its metadata.</summary>
    public string Issuer { get; }

    /// <summary>The admin API's audience: <c>{issuer}/admin</c>.</summary>
    public string AdminAudience => Issuer.TrimEnd('/') + "/admin";

    /// <summary>The client id the CLI authenticated as.</summary>
    public string ClientId { get; }

    /// <summary>GETs <paramref name="path"/> (relative to the server, e.g. <c>admin/agents</c>) and returns the JSON body.</summary>
    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>
    /// GETs <paramref name="path"/> and every further page its RFC 8288 <c>Link: &lt;…&gt;; rel="next"</c> headers name,
    /// yielding each page's body as it arrives, so a caller holds one page at a time however many there are.
    /// </summary>
    public async IAsyncEnumerable<JsonElement> GetPagesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (JsonElement page, string? next) = await SendCoreAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        yield return page;
        // A page count bound keeps a server that links back to itself from looping forever.
        for (var pages = 1; next is not null && pages < MaxPages; pages++)
        {
            (page, next) = await SendCoreAsync(HttpMethod.Get, RelativeToServer(next), null, cancellationToken).ConfigureAwait(false);
            yield return page;
        }
    }

    /// <summary>POSTs <paramref name="body"/> (or nothing) to <paramref name="path"/> and returns the JSON body.</summary>
    public Task<JsonElement> PostAsync(string path, JsonNode? body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>PUTs <paramref name="body"/> to <paramref name="path"/> and returns the JSON body.</summary>
    public Task<JsonElement> PutAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, cancellationToken);

    /// <summary>PATCHes <paramref name="path"/> with <paramref name="body"/> and returns the JSON body.</summary>
    public Task<JsonElement> PatchAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, path, body, cancellationToken);

    /// <summary>DELETEs <paramref name="path"/> and returns the JSON body (empty object for 204).</summary>
    public Task<JsonElement> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private const int MaxPages = 10_000;

    // The next page's link, made relative to the server URL so it is sent to the same server with the same token.
    private string RelativeToServer(string link)
    {
        var baseUrl = _serverUrl.GetLeftPart(UriPartial.Authority) + _serverUrl.AbsolutePath.TrimEnd('/') + "/";
        var absolute = new Uri(new Uri(baseUrl), link).ToString();
        return absolute.StartsWith(baseUrl, StringComparison.Ordinal)
            ? absolute[baseUrl.Length..]
            : throw new CliException(ExitCodes.Failure, "the server's next-page link points to another server: " + absolute);
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out IEnumerable<string>? values))
        {
            return null;
        }

        foreach (string value in values)
        {
            foreach (string part in value.Split(','))
            {
                int open = part.IndexOf('<', StringComparison.Ordinal), close = part.IndexOf('>', StringComparison.Ordinal);
                if (open >= 0 && close > open && part[close..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
                {
                    return part[(open + 1)..close];
                }
            }
        }

        return null;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken) =>
        (await SendCoreAsync(method, path, body, cancellationToken).ConfigureAwait(false)).Json;

    private async Task<(JsonElement Json, string? Next)> SendCoreAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var url = new Uri(_serverUrl.GetLeftPart(UriPartial.Authority) + _serverUrl.AbsolutePath.TrimEnd('/') + "/" + path);
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        else if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await Reachability.SendAsync(_http, request, cancellationToken).ConfigureAwait(false);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        JsonElement json = JsonText.TryParse(bytes) ?? JsonText.Empty();
        if (response.IsSuccessStatusCode)
        {
            return (json, NextLink(response));
        }

        throw AdminError.From(response.StatusCode, json, path);
    }
}
