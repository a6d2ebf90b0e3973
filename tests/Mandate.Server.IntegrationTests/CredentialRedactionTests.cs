// Issue 7 ("never a token or secret value") and the brief ("tokens and secrets never in logs"), end to end over real
// HTTP against a SQLite-backed server: a client that sends a credential in the wrong field (its secret as the client
// id, a token as the scope, resource, grant_type or User-Agent) is refused as usual, and the credential appears in no
// log line, no audit record and no byte of the database files. The refusal is still recorded, with the value redacted.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mandate.Protocol;
using Mandate.Server.IntegrationTests.Anomaly;

namespace Mandate.Server.IntegrationTests;

public sealed class CredentialRedactionTests : IAsyncLifetime
{
    private AnomalyServer _server = null!;
    private string _clientId = "";
    private string _secret = "";
    private string _token = "";

    public async Task InitializeAsync()
    {
        _server = await AnomalyServer.StartAsync();
        var agent = await _server.CreateAgentAsync();
        (_clientId, _secret) = (agent.ClientId, agent.ClientSecret!);
        _token = await _server.Server.GetTokenAsync(_clientId, _secret, "https://api.example.com", "tools:read");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SwappedIdAndSecret_AreRefused_AndTheSecretIsNeitherLoggedNorAudited()
    {
        var (status, body) = await _server.TokenAsync(_secret, _clientId);                     // Basic, swapped
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("token", null,                 // client_secret_post, swapped
            ("grant_type", "client_credentials"), ("client_id", _secret), ("client_secret", _clientId)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("revoke", null,
            ("token", _token), ("client_id", _secret), ("client_secret", _clientId)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("introspect", null,
            ("token", _token), ("client_id", _secret), ("client_secret", _clientId)));

        var denials = await _server.AuditAsync("type=token.denied");
        Assert.Equal(2, denials.Count(r => Field(r, "client_id") == UntrustedText.Redacted));
        Assert.Contains(_server.Logs.Entries, e => e.EventId.Id == 6002 && e.Text.Contains(UntrustedText.Redacted, StringComparison.Ordinal));
        await AssertNowhereAsync(_secret);
    }

    [Fact]
    public async Task TokenInTheWrongField_IsRefused_AndNeitherLoggedNorAudited()
    {
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(_clientId + ":" + _secret));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("token", basic, ("grant_type", "client_credentials"), ("scope", _token)));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("token", basic, ("grant_type", "client_credentials"), ("resource", _token)));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("token", basic, ("grant_type", _token)));
        using (var request = Form("token", basic, ("grant_type", "client_credentials"), ("scope", "tools:admin")))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", _token);
            using var response = await _server.Server.HttpClient.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var denials = await _server.AuditAsync("type=token.denied&agent=" + Uri.EscapeDataString(_clientId));
        Assert.Equal(4, denials.Count);                                                          // every refusal is on the record
        Assert.Contains(denials, r => Field(r, "scope") == UntrustedText.Redacted);
        Assert.Contains(denials, r => Field(r, "aud") == UntrustedText.Redacted);
        Assert.Contains(denials, r => Field(r, "grant_type") == UntrustedText.Redacted);
        Assert.Contains(denials, r => Field(r, "user_agent") == UntrustedText.Redacted);
        await AssertNowhereAsync(_token);
        await AssertNowhereAsync(_token.Split('.')[2]);                                          // not even the signature
    }

    private static string? Field(System.Text.Json.JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) ? value.GetString() : null;

    private async Task AssertNowhereAsync(string credential)
    {
        Assert.DoesNotContain(_server.Logs.Entries, e => e.Text.Contains(credential, StringComparison.Ordinal));
        var (status, page) = await _server.AdminAsync(HttpMethod.Get, "admin/audit?limit=1000");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(credential, page.GetRawText(), StringComparison.Ordinal);

        // The SQLite database and its WAL, byte for byte (the secret is stored only as a keyed hash).
        var needle = Encoding.UTF8.GetBytes(credential);
        foreach (var file in Directory.EnumerateFiles(_server.Server.DataDirectory, "mandate.db*"))
        {
            byte[] bytes;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes);
            }

            Assert.True(bytes.AsSpan().IndexOf(needle) < 0, "found in " + Path.GetFileName(file));
        }
    }

    private async Task<HttpStatusCode> PostAsync(string path, string? authorization, params (string Name, string Value)[] form)
    {
        using var request = Form(path, authorization, form);
        using var response = await _server.Server.HttpClient.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage Form(string path, string? authorization, params (string Name, string Value)[] form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }
}
