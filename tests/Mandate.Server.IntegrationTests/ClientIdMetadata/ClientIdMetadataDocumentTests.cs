// draft-ietf-oauth-client-id-metadata-document end to end: a client never registered by hand gets tokens with
// private_key_jwt under its URL client id, within the operator's trust rule, and is an agent like any other.
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mandate.Agent;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests.ClientIdMetadata;

public sealed class ClientIdMetadataDocumentTests
{
    [Fact(DisplayName = "CIMD §4: a trusted document lets an unregistered client get a token with private_key_jwt")]
    public async Task TrustedDocument_TokenIssued()
    {
        await using var bed = await CimdTestBed.StartAsync();
        var clientId = bed.ServeDocument();

        var (status, body) = await bed.RequestTokenAsync(clientId);

        Assert.Equal(200, status);
        var claims = CimdTestBed.Claims(body.GetProperty("access_token").GetString()!);
        Assert.Equal(clientId, claims.GetProperty("client_id").GetString());
        Assert.StartsWith("agt_", claims.GetProperty("sub").GetString(), StringComparison.Ordinal);
        Assert.Equal(CimdTestBed.Api, claims.GetProperty("aud").GetString());
        Assert.Equal("tools:read", claims.GetProperty("scope").GetString());
    }

    [Fact(DisplayName = "CIMD: the client is listed as an agent with the trust rule's owner, and its token request is audited")]
    public async Task Client_ListedAndAudited()
    {
        await using var bed = await CimdTestBed.StartAsync();
        var clientId = bed.ServeDocument();
        Assert.Equal(200, (await bed.RequestTokenAsync(clientId)).Status);

        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/agents");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await bed.Server.GetAdminTokenAsync());
        using var response = await bed.Server.HttpClient.SendAsync(request);
        var listed = (await response.Content.ReadAsStringAsync());
        Assert.Contains(clientId, listed, StringComparison.Ordinal);
        Assert.Contains(CimdTestBed.Owner, listed, StringComparison.Ordinal);
        Assert.Contains("MCP test agent", listed, StringComparison.Ordinal);

        var audit = bed.Server.Services.GetRequiredService<IAuditStore>();
        IReadOnlyList<AuditRecord> records = [];
        for (var i = 0; i < 50 && !records.Any(r => r.ClientId == clientId && r.Type == AuditEventTypes.TokenIssued); i++)
        {
            await Task.Delay(20); // the group-commit writer flushes asynchronously
            records = await audit.QueryAsync(new AuditQuery(), CancellationToken.None);
        }

        Assert.Contains(records, r => r.ClientId == clientId && r.Type == AuditEventTypes.TokenIssued && r.AgentId!.StartsWith("agt_", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "CIMD: closed by default - no trust rule, no fetch, invalid_client, and no discovery flag")]
    public async Task NoTrustRule_ClosedAndNotAdvertised()
    {
        await using var bed = await CimdTestBed.StartAsync(trust: false);
        var clientId = bed.ServeDocument();

        var (status, body) = await bed.RequestTokenAsync(clientId);

        Assert.NotEqual(200, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Equal(0, bed.Documents.TotalHits);
        var metadata = await bed.Server.HttpClient.GetFromJsonAsync<JsonElement>(".well-known/oauth-authorization-server");
        Assert.False(metadata.TryGetProperty("client_id_metadata_document_supported", out _));
    }

    [Fact(DisplayName = "CIMD §5: discovery advertises client_id_metadata_document_supported when a trust rule exists")]
    public async Task TrustRule_Advertised()
    {
        await using var bed = await CimdTestBed.StartAsync();
        var metadata = await bed.Server.HttpClient.GetFromJsonAsync<JsonElement>(".well-known/oauth-authorization-server");
        Assert.True(metadata.GetProperty("client_id_metadata_document_supported").GetBoolean());
    }

    [Fact(DisplayName = "CIMD: a URL outside every trust rule is refused without a fetch")]
    public async Task UntrustedUrl_RefusedWithoutFetch()
    {
        await using var bed = await CimdTestBed.StartAsync();
        var clientId = bed.Documents.Origin + "/elsewhere/bot.json";
        bed.Documents.MapJson("/elsewhere/bot.json", bed.Document(clientId));

        var (_, body) = await bed.RequestTokenAsync(clientId);

        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Equal(0, bed.Documents.TotalHits);
    }

    [Fact(DisplayName = "CIMD: the trust rule bounds scopes and audiences; the document's scope only narrows them")]
    public async Task Policy_BoundsScopesAndAudiences()
    {
        await using var bed = await CimdTestBed.StartAsync();
        var narrowed = bed.ServeDocument("reader.json", d => d["scope"] = "tools:read admin");

        Assert.Equal("invalid_scope", (await bed.RequestTokenAsync(narrowed, scope: "tools:write")).Body.GetProperty("error").GetString());
        Assert.Equal("invalid_scope", (await bed.RequestTokenAsync(narrowed, scope: "admin")).Body.GetProperty("error").GetString());
        Assert.Equal(200, (await bed.RequestTokenAsync(narrowed, scope: "tools:read")).Status);
        var other = await bed.RequestTokenAsync(narrowed, resource: "https://other.example.com/mcp");
        Assert.NotEqual(200, other.Status);
    }

    [Fact(DisplayName = "CIMD: an operator's suspension stands; a fresh fetch of the document does not revive the client")]
    public async Task Suspension_NotRevivedByRefetch()
    {
        await using var bed = await CimdTestBed.StartAsync(o => o.MinCacheDuration = TimeSpan.Zero);
        var clientId = bed.ServeDocument(cacheControl: "no-store");
        var token = (await bed.RequestTokenAsync(clientId)).Body.GetProperty("access_token").GetString()!;
        var agentId = CimdTestBed.Claims(token).GetProperty("sub").GetString();

        using var suspend = new HttpRequestMessage(HttpMethod.Post, $"admin/agents/{agentId}/suspend");
        suspend.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await bed.Server.GetAdminTokenAsync());
        using var suspended = await bed.Server.HttpClient.SendAsync(suspend);
        Assert.True(suspended.IsSuccessStatusCode, await suspended.Content.ReadAsStringAsync());

        var (_, body) = await bed.RequestTokenAsync(clientId);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Equal(2, bed.Documents.Hits(new Uri(clientId).AbsolutePath));
    }

    [Fact(DisplayName = "CIMD: keys published at the document's jwks_uri authenticate the client")]
    public async Task JwksUri_Used()
    {
        await using var bed = await CimdTestBed.StartAsync();
        bed.Documents.MapJson("/agents/keys.jwks", Mandate.Testing.ClientAssertions.Jwks(bed.Key));
        var clientId = bed.ServeDocument(change: d =>
        {
            d.Remove("jwks");
            d["jwks_uri"] = bed.Documents.Origin + "/agents/keys.jwks";
        });

        Assert.Equal(200, (await bed.RequestTokenAsync(clientId)).Status);
        Assert.Equal(1, bed.Documents.Hits("/agents/keys.jwks"));
    }

    [Fact(DisplayName = "CIMD: the real Mandate.Agent client authenticates with its URL client id and private_key_jwt")]
    public async Task MandateAgent_UrlClientId()
    {
        await using var bed = await CimdTestBed.StartAsync();
        var clientId = bed.ServeDocument();

        using var http = new HttpClient();
        using var client = new MandateTokenClient(http, new MandateTokenClientOptions
        {
            Issuer = new Uri(bed.Server.Issuer),
            ClientId = clientId,
            PrivateKeyJwk = bed.Key.ExportPrivateJwk().ToJson(),
        });
        var token = await client.GetTokenAsync(new TokenRequestParameters("tools:read", new Uri(CimdTestBed.Api)));

        Assert.Equal("tools:read", token.Scope);
        Assert.Equal(clientId, CimdTestBed.Claims(token.Value).GetProperty("client_id").GetString());
    }
}
