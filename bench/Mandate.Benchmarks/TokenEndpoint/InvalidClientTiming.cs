// invalid_client timing: does a failed client authentication take the same time whether or not the client id exists?
// A started server on a SQLite file (the store a real deployment reads), requests through its in-process pipeline
// (no sockets, so network jitter does not hide a difference). Four kinds of failing request, in alternating rounds so
// the machine's load affects all alike: client_secret_basic with an unknown id and with a known id and a wrong
// secret; private_key_jwt for an unknown client and for a known client with a bad signature. Each kind repeats one
// client id, as an attacker probing for an id would. Prints the median and mean per kind over all rounds.
// Run: dotnet run -c Release --project bench/Mandate.Benchmarks -- invalid-client-timing [requests-per-kind]
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Server;
using Mandate.Server.RateLimiting;
using Mandate.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Benchmarks.TokenEndpoint;

internal static class InvalidClientTiming
{
    private const int Rounds = 10;

    public static async Task<int> RunAsync(int requestsPerKind)
    {
        var directory = Directory.CreateTempSubdirectory("mandate-timing-").FullName;
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddMandateServer(o =>
            {
                o.Issuer = "https://issuer.example.test";
                o.DataDirectory = directory;
                o.Audit.Mode = Mandate.Server.Audit.AuditMode.Off;
            });
            builder.Services.AddMandateSqliteStorage(Path.Combine(directory, "mandate.db"));
            // Failures are rate-limited per client id; the measurement needs them all to reach authentication.
            builder.Services.Configure<RateLimitOptions>(o => o.FailedAuthenticationsPerClientId = o.FailedAuthenticationsPerAddress = 1_000_000);
            await using var app = builder.Build();
            app.UseRouting();
            app.MapMandateServer();
            app.UseEndpoints(static _ => { });
            await app.StartAsync();
            var pipeline = ((IApplicationBuilder)app).Build();

            using var key = SigningKey.Generate(SignatureAlgorithm.ES256);
            var secret = (await app.Services.GetRequiredService<Mandate.Server.Agents.AgentService>().CreateAsync(new Mandate.Server.Agents.AgentRegistration
            {
                Name = "timing-secret-2", Owner = "bench@example.test", Scopes = ["tools:read"], Audiences = ["https://api.example.test"],
            }, CancellationToken.None)) is { Agent: { } a, ClientSecret: { } s } ? (a.ClientId, s) : throw new InvalidOperationException("no agent");
            var agent = secret.ClientId;
            var withKey = (await CreateAgentAsync(app.Services, "timing-key", new JsonWebKeySet([key.PublicJwk]).ToJson())).ClientId;
            var now = DateTimeOffset.UtcNow;
            var wrong = secret.Item2[..^1] + (secret.Item2[^1] == 'x' ? 'y' : 'x');
            var kinds = new (string Name, Func<int, (string Body, string? Authorization)> Request)[]
            {
                ("client_secret_basic, unknown client id", _ => (Grant, Basic("agt_" + new string('u', agent.Length - 4), wrong))),
                ("client_secret_basic, known id, wrong secret", _ => (Grant, Basic(agent, wrong))),
                ("private_key_jwt, unknown client", i => (Assertion(key, "agt_" + new string('u', withKey.Length - 4), now, i), null)),
                ("private_key_jwt, known client, bad signature", i => (Tamper(Assertion(key, withKey, now, i)), null)),
            };

            var samples = kinds.Select(_ => new List<double>()).ToArray();
            var perRound = Math.Max(1, requestsPerKind / Rounds);
            for (var round = 0; round < Rounds; round++)
            {
                for (var k = 0; k < kinds.Length; k++)
                {
                    for (var i = 0; i < perRound; i++)
                    {
                        var (body, authorization) = kinds[k].Request(round * perRound + i);
                        var started = Stopwatch.GetTimestamp();
                        var status = await PostAsync(pipeline, app.Services, body, authorization);
                        samples[k].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                        if (status != StatusCodes.Status401Unauthorized)
                        {
                            throw new InvalidOperationException($"{kinds[k].Name}: expected 401, got {status}");
                        }
                    }
                }
            }

            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine($"| request ({perRound * Rounds} each, {Rounds} alternating rounds) | median µs | mean µs |");
            Console.WriteLine("| --- | --- | --- |");
            for (var k = 0; k < kinds.Length; k++)
            {
                var sorted = samples[k].Order().ToArray();
                Console.WriteLine($"| {kinds[k].Name} | {sorted[sorted.Length / 2]:F1} | {sorted.Average():F1} |");
            }

            await app.StopAsync();
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private const string Grant = "grant_type=client_credentials";

    private static async Task<Mandate.Storage.Agent> CreateAgentAsync(IServiceProvider services, string name, string? jwks)
    {
        var created = await services.GetRequiredService<Mandate.Server.Agents.AgentService>().CreateAsync(new Mandate.Server.Agents.AgentRegistration
        {
            Name = name,
            Owner = "bench@example.test",
            Scopes = ["tools:read"],
            Audiences = ["https://api.example.test"],
            Jwks = jwks,
        }, CancellationToken.None);
        return created.Agent ?? throw new InvalidOperationException(created.Error?.Description);
    }

    private static string Basic(string clientId, string secret) =>
        "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"{clientId}:{secret}"));

    private static string Assertion(SigningKey key, string clientId, DateTimeOffset now, int jti)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = clientId, ["sub"] = clientId, ["aud"] = "https://issuer.example.test",
            ["exp"] = (now + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(), ["jti"] = "timing-" + jti,
        });
        var compact = JwsWriter.CreateCompact(key, null, payload);
        return "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" + compact;
    }

    private static string Tamper(string body) => body[..^4] + (body[^4] == 'A' ? "BBBB" : "AAAA");

    private static async Task<int> PostAsync(RequestDelegate pipeline, IServiceProvider services, string body, string? authorization)
    {
        var bytes = Encoding.ASCII.GetBytes(body);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/token";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes, writable: false);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        context.Response.Body = Stream.Null;
        await pipeline(context);
        return context.Response.StatusCode;
    }
}
