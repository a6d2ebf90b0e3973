using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate serve</c> runs the Shared Signals transmitter (OpenID SSF 1.0): a receiver registered with the CLI
/// creates a poll stream with an <c>ssf:manage</c> token and receives the signed SET of an agent suspended with the CLI.</summary>
public sealed class ServeSharedSignalsTests(ServeFixture server) : IClassFixture<ServeFixture>
{
    [Fact(DisplayName = "SSF 1.0 §7.1, RFC 8936: mandate serve publishes ssf-configuration and delivers a suspension SET to a poll stream")]
    public async Task Serve_PollStream_ReceivesSuspensionSet()
    {
        using var http = new HttpClient();
        using JsonDocument configuration = JsonDocument.Parse(await http.GetStringAsync(server.Url + "/.well-known/ssf-configuration"));
        Assert.Equal(server.Url, configuration.RootElement.GetProperty("issuer").GetString());
        Assert.Contains("urn:ietf:rfc:8936", configuration.RootElement.GetProperty("delivery_methods_supported").EnumerateArray().Select(e => e.GetString()));

        CliResult created = (await server.Cli.RunAsync("agent", "create", "ssf-receiver", "--scope", "ssf:manage", "--default-scope", "ssf:manage",
            "--audience", server.Url + "/ssf", "--owner", "soc@example.com", "--json")).AssertOk();
        AgentCredentials receiver = AgentCredentials.Parse(created.Stdout);
        string token = (await server.Cli.RunAsync("token", "get", "--client-id", receiver.ClientId, "--client-secret", receiver.ClientSecret!,
            "--resource", server.Url + "/ssf", "--scope", "ssf:manage")).AssertOk().Stdout.Trim();

        using var create = new HttpRequestMessage(HttpMethod.Post, server.Url + "/ssf/streams")
        {
            Content = JsonContent.Create(new { delivery = new { method = "urn:ietf:rfc:8936" } }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage stream = await http.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, stream.StatusCode);
        using JsonDocument streamJson = JsonDocument.Parse(await stream.Content.ReadAsStringAsync());
        string pollUrl = streamJson.RootElement.GetProperty("delivery").GetProperty("endpoint_url").GetString()!;

        AgentCredentials subject = await server.Cli.CreateAgentAsync("ssf-subject");
        (await server.Cli.RunAsync("agent", "suspend", subject.ClientId)).AssertOk();

        var sets = new List<string>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (DateTimeOffset.UtcNow < deadline && !sets.Any(set => Payload(set).Contains(subject.ClientId, StringComparison.Ordinal)))
        {
            using var poll = new HttpRequestMessage(HttpMethod.Post, pollUrl) { Content = JsonContent.Create(new { maxEvents = 100, returnImmediately = true }) };
            poll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using HttpResponseMessage answer = await http.SendAsync(poll);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            using JsonDocument json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            sets.AddRange(json.RootElement.GetProperty("sets").EnumerateObject().Select(p => p.Value.GetString()!));
            await Task.Delay(200);
        }

        string suspension = Assert.Single(sets, set => Payload(set).Contains("account-disabled", StringComparison.Ordinal) && Payload(set).Contains(subject.ClientId, StringComparison.Ordinal));
        Assert.Contains("\"typ\":\"secevent+jwt\"", Header(suspension), StringComparison.Ordinal);
    }

    private static string Header(string jwt) => Decode(jwt.Split('.')[0]);

    private static string Payload(string jwt) => Decode(jwt.Split('.')[1]);

    private static string Decode(string part)
    {
        string base64 = part.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
    }
}
