using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate registration token create|list|revoke</c> against a real <c>mandate serve</c> with registration enabled in appsettings.json.</summary>
public sealed class RegistrationCommandTests(RegistrationServeFixture server) : IClassFixture<RegistrationServeFixture>
{
    [Fact]
    public async Task Create_List_Register_Revoke()
    {
        CliResult created = (await server.Cli.RunAsync(
            "registration", "token", "create", "--scope", "tools:read tools:write", "--audience", "https://mcp.example/mcp",
            "--expires", "1h", "--max-uses", "2", "--owner", "ops@example.com", "--json")).AssertOk();
        using JsonDocument json = JsonDocument.Parse(created.Stdout);
        string id = json.RootElement.GetProperty("id").GetString()!;
        string token = json.RootElement.GetProperty("token").GetString()!;
        Assert.StartsWith("iat_", id);
        Assert.StartsWith("mit_", token);

        // The token opens RFC 7591 registration on the served endpoint.
        using var http = new HttpClient { BaseAddress = new Uri(server.Url.TrimEnd('/') + "/") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "register") { Content = new StringContent("""{"client_name":"cli test","scope":"tools:read"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage registered = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        CliResult list = (await server.Cli.RunAsync("registration", "token", "list")).AssertOk();
        string[] lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ID\s+USES\s+EXPIRES\s+REVOKED\s+SCOPES\s+OWNER$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(id, StringComparison.Ordinal) && l.Contains("1/2", StringComparison.Ordinal) && l.Contains("ops@example.com", StringComparison.Ordinal));
        Assert.DoesNotContain(token, list.Stdout, StringComparison.Ordinal);

        (await server.Cli.RunAsync("registration", "token", "revoke", id)).AssertOk();
        (await server.Cli.RunAsync("registration", "token", "revoke", id)).AssertOneLineError(6);
        (await server.Cli.RunAsync("registration", "token", "revoke", "iat_unknown")).AssertOneLineError(5);
    }

    [Fact]
    public async Task Create_BadInput_IsAUsageError()
    {
        (await server.Cli.RunAsync("registration", "token", "create", "--scope", "a", "--audience", "not a uri", "--expires", "1h")).AssertOneLineError(2);
        (await server.Cli.RunAsync("registration", "token", "create", "--scope", "a", "--audience", "https://api.example", "--expires", "1h", "--max-uses", "0")).AssertOneLineError(2);
        (await server.Cli.RunAsync("registration", "token", "create", "--scope", "a", "--audience", "https://api.example", "--expires", "soon")).AssertOneLineError(2);
        // Beyond the server's MaxInitialAccessTokenLifetime (30 days): refused by the server (400 -> exit 2).
        (await server.Cli.RunAsync("registration", "token", "create", "--scope", "a", "--audience", "https://api.example", "--expires", "60d")).AssertOneLineError(2);
    }
}
