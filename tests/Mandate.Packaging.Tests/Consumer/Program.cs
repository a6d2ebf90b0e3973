// A project outside the Mandate solution that uses only the packed packages: it serves an issuer's metadata and
// JWKS, protects /api/tools with Mandate.ResourceServer on a free loopback port, signs a token with Mandate.Jose and calls
// the API with and without it. Prints one line per check and exits 0 only when all pass.
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mandate.Agent;
using Mandate.Jose;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.ResourceServer;
using Mandate.ResourceServer.Authorization;

using var key = SigningKey.Generate(SignatureAlgorithm.ES256);

// The issuer is this app, so its address is needed before start: take a free loopback port from the OS.
var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
probe.Start();
var address = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
probe.Stop();

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls(address);
builder.Logging.KeepAccessTokensOutOfRequestLogs();
builder.Services.AddAuthentication(MandateBearerDefaults.AuthenticationScheme).AddMandateBearer(o =>
{
    o.Issuer = address;
    o.Audience = "https://api.consumer.test";
    o.AllowHttpIssuer = true;
});
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/.well-known/oauth-authorization-server", () => Results.Text(
    $$"""{"issuer":"{{address}}","jwks_uri":"{{address}}/jwks","token_endpoint":"{{address}}/token"}""", "application/json"));
app.MapGet("/jwks", () => Results.Text(new JsonWebKeySet([key.PublicJwk]).ToJson(), "application/json"));
app.MapGet("/api/tools", (HttpContext c) => c.GetMandateToken()!.AgentId).RequireScope("tools:read");

await app.StartAsync();

var now = DateTimeOffset.UtcNow;
var claims = new JsonObject
{
    [JwtClaimNames.Issuer] = address,
    [JwtClaimNames.Subject] = "agt_consumer",
    [JwtClaimNames.Audience] = "https://api.consumer.test",
    [JwtClaimNames.ExpirationTime] = now.AddMinutes(5).ToUnixTimeSeconds(),
    [JwtClaimNames.IssuedAt] = now.ToUnixTimeSeconds(),
    [JwtClaimNames.JwtId] = Base64Url.Encode(RandomNumberGenerator.GetBytes(16)),
    [JwtClaimNames.ClientId] = "agt_consumer",
    [JwtClaimNames.Scope] = "tools:read",
};
var token = JwsWriter.CreateCompact(key, "at+jwt", Encoding.UTF8.GetBytes(claims.ToJsonString()));

using var http = new HttpClient { BaseAddress = new Uri(address) };
var failures = 0;
failures += await CheckAsync("no token", null, HttpStatusCode.Unauthorized);
failures += await CheckAsync("valid token", token, HttpStatusCode.OK);
failures += await CheckAsync("tampered token", token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA"), HttpStatusCode.Unauthorized);
Console.WriteLine($"agent options type: {typeof(MandateTokenClientOptions).FullName}");
await app.StopAsync();
return failures == 0 ? 0 : 1;

async Task<int> CheckAsync(string name, string? bearer, HttpStatusCode expected)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tools");
    if (bearer is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    }

    using var response = await http.SendAsync(request);
    var ok = response.StatusCode == expected;
    Console.WriteLine($"{(ok ? "ok" : "FAIL")}: {name}: {(int)response.StatusCode}");
    return ok ? 0 : 1;
}
