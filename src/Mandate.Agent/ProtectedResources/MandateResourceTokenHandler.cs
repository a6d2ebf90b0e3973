// A DelegatingHandler for agents calling a protected resource they know only by URL (the MCP authorization flow):
//  1. a 401 whose Bearer challenge carries resource_metadata (RFC 9728 §5.1) -> fetch the metadata, check that it
//     describes the URL being called (§3.3), take its first authorization server as the issuer (pinned from then on);
//  2. get a token from Mandate for resource = the metadata's resource (RFC 8707) and retry once;
//  3. a 403 insufficient_scope with a scope parameter (RFC 6750 §3.1) -> ask for a token with the current scopes plus
//     those named (step-up) and retry once; when Mandate refuses the scopes, the 403 is returned as it came.
// Requests are buffered so they can be sent again; tokens are cached and renewed by MandateTokenClient.
using System.Net;
using System.Net.Http.Headers;
using Mandate.Protocol;

namespace Mandate.Agent.ProtectedResources;

/// <summary>Adds Mandate tokens to requests to a protected resource, discovering the issuer from the resource.</summary>
public sealed class MandateResourceTokenHandler : DelegatingHandler
{
    private readonly MandateResourceTokenOptions _options;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private MandateTokenClient? _client;
    private Uri? _resource;
    private string? _scope;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The agent's credentials; <see cref="MandateResourceTokenOptions.ClientId"/> is required.</param>
    /// <param name="http">Client for the metadata and token requests (not the handler's own pipeline).</param>
    /// <exception cref="ArgumentException">No client id, or neither or both of secret and key.</exception>
    public MandateResourceTokenHandler(MandateResourceTokenOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        if (string.IsNullOrEmpty(options.ClientId) || (options.ClientSecret is null) == (options.PrivateKeyJwk is null))
        {
            throw new ArgumentException("ClientId and exactly one of ClientSecret and PrivateKeyJwk are required.", nameof(options));
        }

        _options = options;
        _http = http;
        _scope = options.Scope;
    }

    /// <summary>The issuer discovered from the resource, or null before the first 401.</summary>
    public Uri? Issuer { get; private set; }

    /// <summary>The scopes the handler currently asks for (after any step-up), or null for the agent's default scopes.</summary>
    public string? Scope => _scope;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var token = _client is null ? null : await TokenAsync(cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(Copy(request, body, token), cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.Unauthorized && BearerChallengeParser.Parse(response.Headers.WwwAuthenticate.Select(static h => h.ToString())) is { } challenge
            && challenge.TryGetValue("resource_metadata", out var metadataUrl) && Uri.TryCreate(metadataUrl, UriKind.Absolute, out var metadataUri))
        {
            await DiscoverAsync(metadataUri, request.RequestUri!, cancellationToken).ConfigureAwait(false);
            if (token is { } stale)
            {
                _client!.InvalidateToken(Parameters(), stale);
            }
        }
        else if (response.StatusCode == HttpStatusCode.Forbidden && _client is not null
            && BearerChallengeParser.Parse(response.Headers.WwwAuthenticate.Select(static h => h.ToString())) is { } forbidden
            && forbidden.TryGetValue("error", out var error) && error == OAuthErrorCodes.InsufficientScope
            && forbidden.TryGetValue("scope", out var needed) && Widen(needed) is { } wider)
        {
            var previous = _scope;
            _scope = wider;
            try
            {
                await TokenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MandateTokenException exception) when (!exception.IsTransient)
            {
                _scope = previous; // Mandate does not allow these scopes to this agent: the 403 stands.
                return response;
            }
        }
        else
        {
            return response;
        }

        response.Dispose();
        return await base.SendAsync(Copy(request, body, await TokenAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client?.Dispose();
            _discovery.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task DiscoverAsync(Uri metadataUrl, Uri requested, CancellationToken cancellationToken)
    {
        await _discovery.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var metadata = await ProtectedResourceMetadata.FetchAsync(_http, metadataUrl, requested, cancellationToken).ConfigureAwait(false);
            if (Issuer is not null && Issuer != metadata.AuthorizationServer)
            {
                throw new MandateTokenException(MandateTokenException.InvalidResponse, "the resource now names another authorization server than the one first discovered", null, isTransient: false);
            }

            _resource = metadata.Resource;
            if (_client is null)
            {
                Issuer = metadata.AuthorizationServer;
                _client = new MandateTokenClient(_http, new MandateTokenClientOptions
                {
                    Issuer = metadata.AuthorizationServer,
                    ClientId = _options.ClientId,
                    ClientSecret = _options.ClientSecret,
                    PrivateKeyJwk = _options.PrivateKeyJwk,
                });
            }
        }
        finally
        {
            _discovery.Release();
        }
    }

    private async Task<AccessToken?> TokenAsync(CancellationToken cancellationToken) =>
        _client is null ? null : await _client.GetTokenAsync(Parameters(), cancellationToken).ConfigureAwait(false);

    private TokenRequestParameters Parameters() => new(_scope, _resource);

    /// <summary>The current scopes plus <paramref name="needed"/>, or null when nothing would be added.</summary>
    private string? Widen(string needed)
    {
        var current = (_scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var added = needed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Except(current, StringComparer.Ordinal).ToArray();
        return added.Length == 0 ? null : string.Join(' ', current.Concat(added));
    }

    private static HttpRequestMessage Copy(HttpRequestMessage original, byte[]? body, AccessToken? token)
    {
        var copy = new HttpRequestMessage(original.Method, original.RequestUri) { Version = original.Version, VersionPolicy = original.VersionPolicy };
        foreach (var header in original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in original.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (var option in original.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        copy.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token.Value);
        return copy;
    }
}
