// PATCH /admin/agents/{id} {"dpop": ...} over real HTTP (Kestrel on loopback, SQLite): the token endpoint follows the
// new requirement at once, the change is audited, and bad requests get RFC 6749 §5.2-shaped errors.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests.Dpop;

public sealed class AgentDpopUpdateTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate(SignatureAlgorithm.ES256);
    private readonly DpopProofWriter _writer;

    public AgentDpopUpdateTests() => _writer = new DpopProofWriter(_key);

    public void Dispose() => _key.Dispose();

    private static Task<TestAgent> AgentAsync(MandateTestServer server) =>
        server.CreateAgentAsync(new { name = "dpop-bot", scopes = new[] { "tools:read" }, default_scopes = new[] { "tools:read" }, audiences = new[] { "https://api.example.test" }, dpop = "allowed" });

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PatchAsync(MandateTestServer server, string id, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "admin/agents/" + id) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        using var response = await server.HttpClient.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact(DisplayName = "RFC 9449 §5: after PATCH dpop=required the agent's Bearer token request is refused; after dpop=allowed it is served again")]
    public async Task Update_ChangesTokenEndpointBehaviour()
    {
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        var agent = await AgentAsync(server);
        Assert.Equal("Bearer", (await DpopTokenClient.RequestAsync(server, agent)).Body.GetProperty("token_type").GetString());

        var (status, updated) = await PatchAsync(server, agent.ClientId, new { dpop = "required" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("required", updated.GetProperty("dpop").GetString());

        var (refused, error) = await DpopTokenClient.RequestAsync(server, agent);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_dpop_proof", error.GetProperty("error").GetString());
        Assert.StartsWith("MND2663:", error.GetProperty("error_description").GetString());
        Assert.Equal("DPoP", (await DpopTokenClient.RequestAsync(server, agent, DpopTokenClient.Proof(server, _writer))).Body.GetProperty("token_type").GetString());

        // The new value is stored, not only cached: a restarted server still refuses the Bearer request.
        await using var restarted = await server.RestartAsync();
        Assert.Equal("invalid_dpop_proof", (await DpopTokenClient.RequestAsync(restarted, agent)).Body.GetProperty("error").GetString());

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(restarted, agent.ClientId, new { dpop = "allowed" })).Status);
        Assert.Equal("Bearer", (await DpopTokenClient.RequestAsync(restarted, agent)).Body.GetProperty("token_type").GetString());
    }

    [Fact(DisplayName = "Admin API: a dpop change is an admin.agent audit record naming the new value and the admin")]
    public async Task Update_IsAudited()
    {
        await using var server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        var agent = await AgentAsync(server);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(server, agent.ClientId, new { dpop = "required" })).Status);

        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/audit?type=admin.agent&agent=" + agent.ClientId);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        using var response = await server.HttpClient.SendAsync(request);
        var records = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("records").EnumerateArray().ToList();
        var change = Assert.Single(records, r => r.GetProperty("reason").GetString() == "dpop required");
        Assert.Equal(server.Admin.ClientId, change.GetProperty("client_id").GetString());
    }

    [Theory(DisplayName = "Admin API: PATCH without a field, with an unknown field or a bad dpop value is 400 invalid_request")]
    [InlineData("{}", "MND3550:")]
    [InlineData("{\"dpop\":\"sometimes\"}", "MND2666:")]
    [InlineData("{\"dpop\":null}", "MND3550:")]
    public async Task Update_BadBody_Refused(string json, string id)
    {
        await using var server = await MandateTestServer.StartAsync();
        var agent = await AgentAsync(server);
        using var request = new HttpRequestMessage(HttpMethod.Patch, "admin/agents/" + agent.ClientId) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
        using var response = await server.HttpClient.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.StartsWith(id, body.GetProperty("error_description").GetString());
    }

    [Fact(DisplayName = "Admin API: PATCH of an unknown agent is 404, of a decommissioned one 409 MND3551")]
    public async Task Update_UnknownOrDecommissioned()
    {
        await using var server = await MandateTestServer.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync(server, "agt_missing", new { dpop = "required" })).Status);

        var agent = await AgentAsync(server);
        using (var decommission = new HttpRequestMessage(HttpMethod.Post, "admin/agents/" + agent.ClientId + "/decommission"))
        {
            decommission.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.GetAdminTokenAsync());
            using var done = await server.HttpClient.SendAsync(decommission);
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        var (status, body) = await PatchAsync(server, agent.ClientId, new { dpop = "required" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.StartsWith("MND3551:", body.GetProperty("error_description").GetString());
    }
}
