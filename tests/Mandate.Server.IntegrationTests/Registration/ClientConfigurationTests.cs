// RFC 7592 §2: the client configuration endpoint (registration_client_uri), protected by the registration access
// token - read, update, delete, and refusal of a wrong token.
using System.Net;

namespace Mandate.Server.IntegrationTests.Registration;

public sealed class ClientConfigurationTests : IAsyncLifetime
{
    private RegistrationTestBed _bed = null!;
    private RegistrationTestBed.Reply _client = null!;

    private string ClientId => _client["client_id"]!;

    private string ClientUri => _client["registration_client_uri"]!;

    private string AccessToken => _client["registration_access_token"]!;

    public async Task InitializeAsync()
    {
        _bed = await RegistrationTestBed.StartAsync(sqlite: true);
        var token = await _bed.CreateInitialAccessTokenAsync();
        _client = await _bed.RegisterAsync(token, new { client_name = "reader", scope = "tools:read tools:write", software_id = "mcp-agent" });
        Assert.Equal(HttpStatusCode.Created, _client.Status);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact(DisplayName = "RFC 7592 §2.1: a read returns the registered metadata and a new registration access token; the old one stops working")]
    public async Task Read_ReturnsConfiguration_AndRotatesTheToken()
    {
        var read = await _bed.ManageAsync(HttpMethod.Get, ClientUri, AccessToken);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(ClientId, read["client_id"]);
        Assert.Equal("reader", read["client_name"]);
        Assert.Equal("mcp-agent", read["software_id"]);
        Assert.Null(read["client_secret"]);
        Assert.NotEqual(AccessToken, read["registration_access_token"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _bed.ManageAsync(HttpMethod.Get, ClientUri, AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _bed.ManageAsync(HttpMethod.Get, ClientUri, read["registration_access_token"])).Status);
    }

    [Fact(DisplayName = "RFC 7592 §2.2: an update replaces the metadata; a narrowed scope is enforced at the token endpoint at once")]
    public async Task Update_ReplacesMetadata()
    {
        var updated = await _bed.ManageAsync(HttpMethod.Put, ClientUri, AccessToken, new { client_id = ClientId, client_name = "reader v2", scope = "tools:read", client_secret = _client["client_secret"] });

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("reader v2", updated["client_name"]);
        Assert.Equal("tools:read", updated["scope"]);
        // RFC 7592 §2.2: fields left out of the update are removed.
        Assert.Null(updated["software_id"]);
        Assert.Equal(HttpStatusCode.OK, (await _bed.TokenAsync(ClientId, _client["client_secret"]!, "tools:read")).Status);
        Assert.Equal("invalid_scope", (await _bed.TokenAsync(ClientId, _client["client_secret"]!, "tools:write"))["error"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _bed.ManageAsync(HttpMethod.Get, ClientUri, AccessToken)).Status);
    }

    [Fact(DisplayName = "RFC 7592 §2.2: an update must name the same client_id, may not exceed the initial access token's policy, and a client_secret in it must match")]
    public async Task Update_Refusals()
    {
        var otherId = await _bed.ManageAsync(HttpMethod.Put, ClientUri, AccessToken, new { client_id = "agt_someoneelse", scope = "tools:read" });
        var beyond = await _bed.ManageAsync(HttpMethod.Put, ClientUri, AccessToken, new { client_id = ClientId, scope = "tools:read admin" });
        var secret = await _bed.ManageAsync(HttpMethod.Put, ClientUri, AccessToken, new { client_id = ClientId, client_secret = "mnd_wrong" });
        var family = await _bed.ManageAsync(HttpMethod.Put, ClientUri, AccessToken, new { client_id = ClientId, token_endpoint_auth_method = "private_key_jwt", jwks = new { keys = Array.Empty<object>() } });

        Assert.Equal("invalid_request", otherId["error"]);
        Assert.StartsWith("MND3414:", otherId["error_description"]);
        Assert.StartsWith("MND3407:", beyond["error_description"]);
        Assert.StartsWith("MND3415:", secret["error_description"]);
        Assert.Equal("invalid_client_metadata", family["error"]);
        // Refused updates leave the token valid.
        Assert.Equal(HttpStatusCode.OK, (await _bed.ManageAsync(HttpMethod.Get, ClientUri, AccessToken)).Status);
    }

    [Fact(DisplayName = "RFC 7592 §2.3: a delete answers 204; the client's credentials and registration access token stop working")]
    public async Task Delete_DecommissionsTheClient()
    {
        var deleted = await _bed.ManageAsync(HttpMethod.Delete, ClientUri, AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal("invalid_client", (await _bed.TokenAsync(ClientId, _client["client_secret"]!, "tools:read"))["error"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _bed.ManageAsync(HttpMethod.Get, ClientUri, AccessToken)).Status);
        var (_, agent) = await _bed.AdminAsync(HttpMethod.Get, "admin/agents/" + ClientId);
        Assert.Equal("decommissioned", agent.GetProperty("status").GetString());
    }

    [Fact(DisplayName = "RFC 7592 §2: a wrong, missing or other client's registration access token gets 401 invalid_token, for a known and an unknown client alike")]
    public async Task WrongToken_Is401()
    {
        var token = await _bed.CreateInitialAccessTokenAsync();
        var other = await _bed.RegisterAsync(token, new { client_name = "other" });

        var wrong = await _bed.ManageAsync(HttpMethod.Get, ClientUri, "mra_" + new string('A', 43));
        var others = await _bed.ManageAsync(HttpMethod.Get, ClientUri, other["registration_access_token"]);
        var unknown = await _bed.ManageAsync(HttpMethod.Delete, _bed.Server.Issuer + "/register/agt_unknown", AccessToken);
        var missing = await _bed.ManageAsync(HttpMethod.Put, ClientUri, null, new { client_id = ClientId });

        foreach (var reply in new[] { wrong, others, unknown })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
            Assert.StartsWith("MND3413:", reply["error_description"]);
            Assert.Contains("error=\"invalid_token\"", reply.Challenge);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal(HttpStatusCode.OK, (await _bed.TokenAsync(ClientId, _client["client_secret"]!, "tools:read")).Status);
    }
    [Fact(DisplayName = "Registration, update and deletion are audited as agent changes, with the initial access token or the client as actor")]
    public async Task Lifecycle_IsAudited()
    {
        var updated = await _bed.ManageAsync(HttpMethod.Put, ClientUri, AccessToken, new { client_id = ClientId, scope = "tools:read" });
        await _bed.ManageAsync(HttpMethod.Delete, ClientUri, updated["registration_access_token"]);

        var (status, page) = await _bed.AdminAsync(HttpMethod.Get, "admin/audit?type=admin.agent&agent=" + ClientId);

        Assert.Equal(HttpStatusCode.OK, status);
        var records = page.GetProperty("records").EnumerateArray().Select(r => (Reason: r.GetProperty("reason").GetString(), Actor: r.GetProperty("client_id").GetString())).ToList();
        Assert.Contains(records, r => r.Reason == "registered" && r.Actor!.StartsWith("registration:iat_", StringComparison.Ordinal));
        Assert.Contains(("registration-updated", "registration:" + ClientId), records);
        Assert.Contains(("registration-deleted", "registration:" + ClientId), records);
    }
}
