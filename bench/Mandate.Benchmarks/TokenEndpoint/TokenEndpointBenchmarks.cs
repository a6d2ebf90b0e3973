using Mandate.Admin;
// The token endpoint's work per request: a client_credentials request with client_secret_basic runs
// through the real ASP.NET Core pipeline of a started Mandate server (routing, form parsing, client
// authentication, policy, RFC 9068 token issuance, JSON response), invoked in-process so that socket
// I/O and HTTP parsing are left out. wrk on loopback (docs/benchmarks.md) measures the whole path.
// Audit Off measures the pipeline's own work; Durable adds the round trip to the group-commit writer
// thread (the in-memory store here, so no fsync): with one request at a time, that is two thread
// wake-ups per request (the writer, then the request's continuation).
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Mandate.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Benchmarks.TokenEndpoint;

[MemoryDiagnoser]
public class TokenEndpointBenchmarks
{
    private static readonly byte[] Form = Encoding.ASCII.GetBytes("grant_type=client_credentials&scope=tools%3Aread+tools%3Awrite");
    private WebApplication _app = null!;
    private RequestDelegate _pipeline = null!;
    private string _authorization = null!;
    private string _dataDirectory = null!;

    [Params(Mandate.Server.Audit.AuditMode.Off, Mandate.Server.Audit.AuditMode.Durable)]
    public Mandate.Server.Audit.AuditMode Audit { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark(Description = "POST /token client_credentials (in-process pipeline)")]
    public async Task<int> IssueToken()
    {
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/token";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.ContentLength = Form.Length;
        context.Request.Body = new MemoryStream(Form, writable: false);
        context.Request.Headers.Authorization = _authorization;
        context.Response.Body = Stream.Null;
        await _pipeline(context);
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"token endpoint answered {context.Response.StatusCode}");
        }

        return context.Response.StatusCode;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task SetupAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("mandate-bench-").FullName;
        int port = FreePort();
        string issuer = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(issuer);
        builder.Services.AddMandateServer(o =>
        {
            o.Issuer = issuer;
            o.DataDirectory = _dataDirectory;
            o.Audit.Mode = Audit;
        });
        // The benchmark agent is registered through the admin API, which lives in Mandate.Admin.
        builder.Services.AddMandateAdmin();
        _app = builder.Build();
        // Explicit routing, so that the pipeline built below (for in-process calls) contains it too.
        _app.UseRouting();
        _app.MapMandateServer();
        _app.MapMandateAdmin();
        _app.UseEndpoints(static _ => { });
        await _app.StartAsync();
        _pipeline = ((IApplicationBuilder)_app).Build();

        using var http = new HttpClient { BaseAddress = new Uri(issuer) };
        using var adminFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "admin-credentials.json")));
        string adminToken = await GetTokenAsync(http, adminFile.RootElement.GetProperty("client_id").GetString()!,
            adminFile.RootElement.GetProperty("client_secret").GetString()!, "mandate:admin", issuer + "/admin");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var created = await http.PostAsJsonAsync("/admin/agents", new
        {
            name = "bench-agent",
            owner = "bench@example.test",
            scopes = new[] { "tools:read", "tools:write" },
            audiences = new[] { "https://api.example.test" },
        });
        created.EnsureSuccessStatusCode();
        using var agent = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string clientId = agent.RootElement.GetProperty("client_id").GetString()!;
        string secret = agent.RootElement.GetProperty("client_secret").GetString()!;
        _authorization = "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"{clientId}:{secret}"));
        await IssueToken();
    }

    private static async Task<string> GetTokenAsync(HttpClient http, string clientId, string secret, string scope, string resource)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["scope"] = scope, ["resource"] = resource,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
