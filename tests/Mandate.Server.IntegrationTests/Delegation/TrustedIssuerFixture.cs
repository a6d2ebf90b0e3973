// One Mandate server (Kestrel on 127.0.0.1, SQLite) with four trusted issuers, shared by the jwt-bearer, workload
// identity and ID-JAG tests:
//   corp   - a person IdP (RS256, loopback jwks_uri), allowed subjects alice/bob, grantable invoices:read;
//   spire  - SPIFFE JWT-SVIDs (ES256, static JWKS), spiffe://corp.example/ns/prod/* -> the billing agent;
//   k8s    - Kubernetes service-account tokens (RS256, loopback jwks_uri, aud https://mandate.example) -> invoicer;
//   github - GitHub Actions OIDC tokens (RS256, static JWKS), repo:org/repo:ref:refs/heads/main -> deployer.
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Server.TrustedIssuers;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class TrustedIssuerFixture : IAsyncLifetime
{
    public const string Api = "https://api.example.com";
    public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string K8sAudience = "https://mandate.example";

    public TestIssuer Corp { get; } = new("https://idp.corp.example", "RS256");
    public TestIssuer Spire { get; } = new("https://spire.corp.example", "ES256");
    public TestIssuer Kubernetes { get; } = new("https://kubernetes.default.svc.cluster.local", "RS256");
    public TestIssuer GitHub { get; } = new("https://token.actions.githubusercontent.com", "RS256");

    public MandateTestServer Server { get; private set; } = null!;
    public TestJwksHost CorpJwks { get; private set; } = null!;
    public TestJwksHost KubernetesJwks { get; private set; } = null!;
    public TestAgent Assistant { get; private set; } = null!;
    public TestAgent NoJwtBearer { get; private set; } = null!;
    public TestAgent Billing { get; private set; } = null!;
    public TestAgent Invoicer { get; private set; } = null!;
    public TestAgent Deployer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        CorpJwks = await TestJwksHost.StartAsync(Corp.Jwks);
        KubernetesJwks = await TestJwksHost.StartAsync(Kubernetes.Jwks);
        Server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            UseSqlite = true,
            ConfigureServices = services => services.Configure<TrustedIssuerOptions>(o =>
            {
                o.AllowHttpJwksOnLoopback = true;
                o.IdJagAudiences.Add("https://chat.example");
            }),
        });

        string[] grants = ["client_credentials", JwtBearer, TokenExchange];
        Assistant = await Server.CreateAgentAsync(new { name = "assistant", scopes = new[] { "invoices:read", "invoices:write" }, audiences = new[] { Api }, grant_types = grants });
        NoJwtBearer = await Server.CreateAgentAsync(new { name = "cc-only", scopes = new[] { "invoices:read" }, audiences = new[] { Api } });

        // Workload agents have no secret: they are registered with a public key nobody uses, and authenticate only
        // with their platform's token.
        using var unused = new TestIssuer("unused");
        var unusedJwks = JsonDocument.Parse(unused.Jwks).RootElement;
        Billing = await Server.CreateAgentAsync(new { name = "billing", scopes = new[] { "invoices:read" }, audiences = new[] { Api }, grant_types = grants, jwks = unusedJwks });
        Invoicer = await Server.CreateAgentAsync(new { name = "invoicer", scopes = new[] { "invoices:write" }, audiences = new[] { Api }, grant_types = grants, jwks = unusedJwks });
        Deployer = await Server.CreateAgentAsync(new { name = "deployer", scopes = new[] { "deploy:write" }, audiences = new[] { Api }, grant_types = grants, jwks = unusedJwks });

        await Server.AddTrustedIssuerAsync(new { name = "corp", issuer = Corp.Issuer, jwks_uri = CorpJwks.JwksUri, allowed_subjects = new[] { "alice", "bob" }, scopes = new[] { "invoices:read" }, max_assertion_lifetime_seconds = 300 });
        await Server.AddTrustedIssuerAsync(new
        {
            name = "spire", issuer = Spire.Issuer, jwks = JsonDocument.Parse(Spire.Jwks).RootElement, maps_to_agent = Billing.ClientId,
            allowed_subjects = new[] { "spiffe://corp.example/ns/prod/*" }, max_assertion_lifetime_seconds = 300,
        });
        await Server.AddTrustedIssuerAsync(new
        {
            name = "k8s", issuer = Kubernetes.Issuer, jwks_uri = KubernetesJwks.JwksUri, audiences = new[] { K8sAudience }, maps_to_agent = Invoicer.ClientId, scopes = new[] { "invoices:write" },
            allowed_subjects = new[] { "system:serviceaccount:payments:invoicer" }, max_assertion_lifetime_seconds = 3600,
        });
        await Server.AddTrustedIssuerAsync(new
        {
            name = "github", issuer = GitHub.Issuer, jwks = JsonDocument.Parse(GitHub.Jwks).RootElement, maps_to_agent = Deployer.ClientId,
            allowed_subjects = new[] { "repo:org/repo:ref:refs/heads/main" }, max_assertion_lifetime_seconds = 600,
        });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await CorpJwks.DisposeAsync();
        await KubernetesJwks.DisposeAsync();
        Corp.Dispose();
        Spire.Dispose();
        Kubernetes.Dispose();
        GitHub.Dispose();
    }

    /// <summary>POSTs /token with the form; Basic authentication when <paramref name="basic"/> is given.</summary>
    public async Task<(System.Net.HttpStatusCode Status, JsonElement Json)> PostAsync(TestAgent? basic, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Name, p.Value))) };
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic.ClientId + ":" + basic.ClientSecret)));
        }

        using var response = await Server.HttpClient.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public static JsonElement Payload(string jwt)
    {
        Assert.True(Mandate.Jose.Base64Url.TryDecode(jwt.Split('.')[1], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }
}
