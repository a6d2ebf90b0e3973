using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mandate.Agent;

namespace Mandate.Samples.Delegation;

/// <summary>
/// The sub-agent. It receives a token addressed to it, exchanges it (RFC 8693) for a token for the API with the one
/// scope it needs, sending its own token as <c>actor_token</c>, and calls the API. The API then sees who the
/// request is for (<c>sub</c>) and every agent it passed through (<c>act</c>).
/// </summary>
internal sealed class SubAgent(MandateTokenClient client, HttpClient api, Uri apiResource)
{
    /// <summary>The one scope the work needs: narrower than what the orchestrator delegated.</summary>
    public const string WorkScope = "tools:write";

    /// <summary>The sub-agent's own token, sent as actor_token: proof that the acting agent is who it says.</summary>
    public static TokenRequestParameters OwnToken(Uri apiResource) => new("tools:read", apiResource);

    /// <summary>The same request as the "api" HttpClient's <see cref="MandateTokenExchangeHandler"/> makes.</summary>
    public TokenExchangeRequest ExchangeForApi => new() { Resource = apiResource, Scope = WorkScope, UseOwnTokenAsActor = true, OwnTokenParameters = OwnToken(apiResource) };

    /// <summary>The token the API will receive, from <see cref="MandateTokenClient.ExchangeAsync"/> (cached: the
    /// handler below gets the same one without another request).</summary>
    public Task<AccessToken> ExchangeAsync(string delegated, CancellationToken cancellationToken) =>
        client.ExchangeAsync(delegated, ExchangeForApi, cancellationToken);

    /// <summary>Runs the tool on the API on behalf of the delegated token's subject.</summary>
    public async Task<JsonObject> RunToolAsync(string delegated, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tools/run");
        MandateTokenExchangeHandler.SetSubjectToken(request, delegated);
        using var response = await api.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
    }

    /// <summary>Asks for a scope the orchestrator never delegated; the server refuses (RFC 6749 §5.2 invalid_scope).</summary>
    public async Task<string> TryWideningAsync(string delegated, CancellationToken cancellationToken)
    {
        try
        {
            await client.ExchangeAsync(delegated, new TokenExchangeRequest { Resource = apiResource, Scope = "tools:admin", UseOwnTokenAsActor = true, OwnTokenParameters = OwnToken(apiResource) }, cancellationToken);
            return "granted";
        }
        catch (MandateTokenException ex)
        {
            return ex.Error;
        }
    }
}
