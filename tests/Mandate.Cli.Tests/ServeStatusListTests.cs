using System.Text;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate serve</c> issues status-bearing access tokens by default (draft-ietf-oauth-status-list) and names
/// the lists in its metadata; <c>Mandate:StatusList:Enabled=false</c> turns them off.</summary>
public sealed class ServeStatusListTests(ServeFixture server) : IClassFixture<ServeFixture>
{
    [Fact(DisplayName = "draft-ietf-oauth-status-list §6.1, §9.1: mandate serve puts status.status_list in every token and names the aggregation in its metadata")]
    public async Task Serve_ByDefault_IssuesStatusBearingTokens()
    {
        AgentCredentials agent = await server.Cli.CreateAgentAsync("status-bot");
        string token = (await server.Cli.GetTokenAsync(agent)).AssertOk().Stdout.Trim();

        using JsonDocument payload = Payload(token);
        JsonElement list = payload.RootElement.GetProperty("status").GetProperty("status_list");
        string uri = list.GetProperty("uri").GetString()!;
        Assert.StartsWith(server.Url + "/statuslists/", uri, StringComparison.Ordinal);
        Assert.True(list.GetProperty("idx").GetInt32() >= 0);

        using var http = new HttpClient();
        using JsonDocument metadata = JsonDocument.Parse(await http.GetStringAsync(server.Url + "/.well-known/oauth-authorization-server"));
        Assert.Equal(server.Url + "/statuslists", metadata.RootElement.GetProperty("status_list_aggregation_endpoint").GetString());
        Assert.Equal(server.Url + "/jwks", metadata.RootElement.GetProperty("jwks_uri").GetString());
        using HttpResponseMessage response = await http.GetAsync(uri);
        Assert.Equal("application/statuslist+jwt", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("status lists:      " + server.Url + "/statuslists (ttl 60 s)", server.ServeOutput, StringComparison.Ordinal);
    }

    internal static JsonDocument Payload(string jwt)
    {
        string part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '='))));
    }
}
