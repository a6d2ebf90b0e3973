// "Bad input gets a clear error, never a 5xx": seeded random malformed requests against a real server (Kestrel on
// 127.0.0.1, SQLite), built from valid ones by mutation: the token endpoint (every grant, every client authentication
// method), introspection, revocation and the admin API. Every answer must be below 500, and every 4xx from the OAuth
// endpoints an RFC 6749 §5.2 error object. The seeds are fixed, so a failure reproduces; the same generator found the
// non-Unicode 500s fixed with MalformedUnicodeTests.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Testing;

namespace Mandate.Server.IntegrationTests;

public sealed class MalformedInputFuzzTests : IAsyncLifetime
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static readonly string[] Parameters =
    [
        "grant_type", "scope", "resource", "audience", "client_id", "client_secret", "client_assertion", "client_assertion_type",
        "subject_token", "subject_token_type", "actor_token", "actor_token_type", "requested_token_type", "assertion",
        "refresh_token", "authorization_details", "token", "token_type_hint",
    ];

    private MandateTestServer _server = null!;
    private TestAgent _agent = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        _server = await MandateTestServer.StartAsync(new MandateTestServerOptions { UseSqlite = true });
        _agent = await _server.CreateAgentAsync(new
        {
            name = "fuzzed", owner = "team@example.com", scopes = new[] { "tools:read", "tools:write" }, audiences = new[] { "https://api.example.com" },
            grant_types = new[] { "client_credentials", TokenExchange },
        });
        _token = await _server.GetTokenAsync(_agent.ClientId, _agent.ClientSecret!, "https://api.example.com", "tools:read");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task OAuthEndpoints_AnswerMalformedRequestsWithErrorObjects(int seed)
    {
        var random = new Random(seed);
        string[] values =
        [
            "client_credentials", TokenExchange, "urn:ietf:params:oauth:grant-type:jwt-bearer", "refresh_token", "", " ", "tools:read",
            "tools:read tools:admin", "https://api.example.com", "http://x", "urn:ietf:params:oauth:token-type:access_token",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "[]", "[{\"type\":1}]", "{", "[{\"type\":\"\\ud800\"}]",
            _agent.ClientId, _agent.ClientSecret!, new string('x', 3000), "\u202e\u0000\n", "eyJhbGciOiJub25lIn0.e30.",
        ];
        for (int i = 0; i < 150; i++)
        {
            // A valid request shape with its token or assertion mutated, then up to two random extra parameters.
            string mutated = Mutate(random, _token);
            (string path, List<KeyValuePair<string, string>> form) = random.Next(6) switch
            {
                0 => ("token", Form(("grant_type", "client_credentials"), ("scope", values[random.Next(values.Length)]), ("authorization_details", values[random.Next(values.Length)]))),
                1 => ("token", Form(("grant_type", TokenExchange), ("subject_token", mutated), ("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"))),
                2 => ("token", Form(("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", mutated))),
                3 => ("token", Form(("grant_type", "client_credentials"), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", mutated))),
                4 => ("introspect", Form(("token", mutated))),
                _ => ("revoke", Form(("token", mutated))),
            };
            bool basic = !form.Exists(p => p.Key == "client_assertion");
            for (int n = random.Next(3); n > 0; n--)
            {
                form.Add(new(Parameters[random.Next(Parameters.Length)], values[random.Next(values.Length)]));
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
            if (basic)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
                    random.Next(4) == 0 ? _agent.ClientSecret + ":" + _agent.ClientId : _agent.ClientId + ":" + _agent.ClientSecret)));
            }

            using var response = await _server.HttpClient.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {path} {string.Join("&", form.Select(p => p.Key))}: {body}");
            if ((int)response.StatusCode >= 400)
            {
                Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("error", out _), body);
            }
        }
    }

    [Fact]
    public async Task AdminApi_AnswersMalformedBodiesAndTokensBelow500()
    {
        var random = new Random(7);
        string admin = await _server.GetAdminTokenAsync();
        string[] bodies =
        [
            "", "{", "[]", "null", "{\"name\":1}", "{\"name\":\"\\ud800\",\"owner\":\"a@b.c\",\"scopes\":[\"a\"]}",
            "{\"name\":\"x\",\"owner\":\"a@b.c\",\"scopes\":[\"a\"],\"token_lifetime_seconds\":-5}", "{\"jwk\":{\"kty\":\"EC\",\"crv\":\"\\ud800\"}}",
            "{\"hours\":\"25-99\",\"time_zone\":\"Mars/Base\",\"cidrs\":[\"1.2.3.4/99\"]}", "{\"types\":[{\"type\":\"\",\"fields\":[1]}]}",
        ];
        string[] paths =
        [
            "admin/agents", "admin/keys", "admin/trusted-issuers", $"admin/agents/{_agent.ClientId}/monitoring",
            $"admin/agents/{_agent.ClientId}/authorization-details-types", "admin/agents/%00/suspend", "admin/audit?limit=-1&since=abc",
        ];
        for (int i = 0; i < 120; i++)
        {
            string path = paths[random.Next(paths.Length)];
            var method = path.Contains("monitoring", StringComparison.Ordinal) || path.Contains("authorization-details", StringComparison.Ordinal)
                ? HttpMethod.Put : path.Contains("audit", StringComparison.Ordinal) ? HttpMethod.Get : HttpMethod.Post;
            using var request = new HttpRequestMessage(method, path);
            if (method != HttpMethod.Get)
            {
                request.Content = new StringContent(bodies[random.Next(bodies.Length)], Encoding.UTF8, "application/json");
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", random.Next(4) == 0 ? Mutate(random, admin) : admin);
            using var response = await _server.HttpClient.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {method} {path}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static List<KeyValuePair<string, string>> Form(params (string Name, string Value)[] parameters) =>
        [.. parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];

    // One of: a character replaced, a segment's bytes flipped after decoding, a header member set to a hostile value,
    // a truncation, a header or payload string that is not UTF-8, or the token doubled.
    private static string Mutate(Random random, string token)
    {
        string[] parts = token.Split('.');
        switch (random.Next(6))
        {
            case 0:
                int segment = random.Next(3);
                char[] chars = parts[segment].ToCharArray();
                chars[random.Next(chars.Length)] = "AZaz09-_+/=.~"[random.Next(13)];
                parts[segment] = new string(chars);
                return string.Join('.', parts);
            case 1:
                int which = random.Next(2);
                Assert.True(Base64Url.TryDecode(parts[which], out byte[] bytes));
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                parts[which] = Base64Url.Encode(bytes);
                return string.Join('.', parts);
            case 2:
                string[] hostile = ["\"none\"", "\"HS256\"", "null", "[1]", "{\"a\":{}}", "\"\\ud800\"", "1e400", "-1"];
                string member = new[] { "alg", "kid", "typ", "crit", "jku", "jwk" }[random.Next(6)];
                parts[0] = Base64Url.Encode(Encoding.UTF8.GetBytes($"{{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"{member}\":{hostile[random.Next(hostile.Length)]}}}"));
                return string.Join('.', parts);
            case 3:
                return token[..random.Next(token.Length)];
            case 4:
                // A string member whose bytes are not UTF-8, in the header or the payload.
                byte[] bad = [0xC3, (byte)random.Next(0x28, 0x30)];
                int target = random.Next(2);
                byte[] json = [.. "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"sub\":\""u8, .. bad, .. "\",\"kid\":\"k\"}"u8];
                parts[target] = Base64Url.Encode(json);
                return string.Join('.', parts);
            default:
                return token + "." + token;
        }
    }
}
