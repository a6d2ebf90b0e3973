// Workload identity federation over real HTTP: RFC 7523 §2.2 client_assertion from a trusted workload issuer
// authenticates an agent that has no stored secret. Three issuers shaped like the real systems: a SPIFFE JWT-SVID
// (ES256, static JWKS), a Kubernetes service-account token (RS256, loopback jwks_uri, kubernetes.io claim) and a
// GitHub Actions OIDC token (RS256, static JWKS).
using System.Net;
using Mandate.Testing;
using static Mandate.Server.IntegrationTests.Delegation.TrustedIssuerFixture;

namespace Mandate.Server.IntegrationTests.Delegation;

public sealed class WorkloadIdentityHttpTests(TrustedIssuerFixture fixture) : IClassFixture<TrustedIssuerFixture>
{
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private string SpiffeSvid(string subject = "spiffe://corp.example/ns/prod/sa/billing", TimeSpan? lifetime = null, string? alg = null) =>
        fixture.Spire.CreateToken(fixture.Spire.Claims(subject, fixture.Server.Issuer, DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromMinutes(5)), typ: "JWT", alg: alg);

    private string KubernetesToken(string subject = "system:serviceaccount:payments:invoicer", string audience = K8sAudience)
    {
        var claims = fixture.Kubernetes.Claims(subject, audience, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));
        claims["nbf"] = claims["iat"];
        claims["kubernetes.io"] = new Dictionary<string, object>
        {
            ["namespace"] = "payments",
            ["serviceaccount"] = new Dictionary<string, string> { ["name"] = "invoicer", ["uid"] = Guid.NewGuid().ToString() },
            ["pod"] = new Dictionary<string, string> { ["name"] = "invoicer-7d9f", ["uid"] = Guid.NewGuid().ToString() },
        };
        return fixture.Kubernetes.CreateToken(claims, typ: null);
    }

    private string GitHubToken(string subject = "repo:org/repo:ref:refs/heads/main")
    {
        var claims = fixture.GitHub.Claims(subject, fixture.Server.Issuer, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        claims["repository"] = "org/repo";
        claims["ref"] = "refs/heads/main";
        claims["workflow"] = "deploy";
        claims["event_name"] = "push";
        return fixture.GitHub.CreateToken(claims);
    }

    private Task<(HttpStatusCode Status, System.Text.Json.JsonElement Json)> ClientCredentialsAsync(string clientAssertion, string? scope = null)
    {
        var form = new List<(string, string)> { ("grant_type", "client_credentials"), ("client_assertion_type", AssertionType), ("client_assertion", clientAssertion), ("resource", Api) };
        if (scope is not null)
        {
            form.Add(("scope", scope));
        }

        return fixture.PostAsync(null, [.. form]);
    }

    private async Task AssertAgentTokenAsync(string clientAssertion, TestAgent agent, string scope)
    {
        Assert.Null(agent.ClientSecret);
        var (status, json) = await ClientCredentialsAsync(clientAssertion, scope);

        Assert.Equal(HttpStatusCode.OK, status);
        var claims = Payload(json.GetProperty("access_token").GetString()!);
        Assert.Equal(agent.ClientId, claims.GetProperty("sub").GetString());
        Assert.Equal(agent.ClientId, claims.GetProperty("client_id").GetString());
        Assert.Equal(scope, claims.GetProperty("scope").GetString());
    }

    [Fact(DisplayName = "RFC 7523 §2.2: a SPIFFE JWT-SVID (ES256, static JWKS) authenticates the mapped agent with no stored secret")]
    public Task SpiffeSvid_AuthenticatesAgent() => AssertAgentTokenAsync(SpiffeSvid(), fixture.Billing, "invoices:read");

    [Fact(DisplayName = "RFC 7523 §2.2: a Kubernetes service-account token (RS256, loopback jwks_uri, custom aud) authenticates the mapped agent")]
    public Task KubernetesToken_AuthenticatesAgent() => AssertAgentTokenAsync(KubernetesToken(), fixture.Invoicer, "invoices:write");

    [Fact(DisplayName = "RFC 7523 §2.2: a GitHub Actions OIDC token authenticates the mapped agent")]
    public Task GitHubToken_AuthenticatesAgent() => AssertAgentTokenAsync(GitHubToken(), fixture.Deployer, "deploy:write");

    private async Task AssertInvalidClientAsync(string clientAssertion)
    {
        var (status, json) = await ClientCredentialsAsync(clientAssertion);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
    }

    [Fact(DisplayName = "RFC 7523 §3.2: a SPIFFE ID outside the allowed prefix (ns/dev) is invalid_client")]
    public Task SpiffeSvid_DisallowedSubject_InvalidClient() => AssertInvalidClientAsync(SpiffeSvid("spiffe://corp.example/ns/dev/sa/billing"));

    [Fact(DisplayName = "RFC 7523 §3.2: a Kubernetes token of another service account or for another audience is invalid_client")]
    public async Task KubernetesToken_WrongAccountOrAudience_InvalidClient()
    {
        await AssertInvalidClientAsync(KubernetesToken(subject: "system:serviceaccount:payments:other"));
        await AssertInvalidClientAsync(KubernetesToken(audience: "https://kubernetes.default.svc"));
    }

    [Fact(DisplayName = "RFC 7523 §3.2: a GitHub token from another branch is invalid_client")]
    public Task GitHubToken_OtherBranch_InvalidClient() => AssertInvalidClientAsync(GitHubToken("repo:org/repo:ref:refs/heads/feature"));

    [Fact(DisplayName = "RFC 7523 §3 item 7: a replayed workload assertion is invalid_client")]
    public async Task ReplayedSvid_InvalidClient()
    {
        var svid = SpiffeSvid();
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(svid, "invoices:read")).Status);

        await AssertInvalidClientAsync(svid);
    }

    [Fact(DisplayName = "RFC 7523 §3 item 4: a workload assertion living longer than the issuer allows is invalid_client")]
    public Task LongLivedSvid_InvalidClient() => AssertInvalidClientAsync(SpiffeSvid(lifetime: TimeSpan.FromHours(2)));

    [Fact(DisplayName = "RFC 8725 §3.1: an ES256 key with a header alg of ES384 is invalid_client")]
    public Task AlgMismatch_InvalidClient() => AssertInvalidClientAsync(SpiffeSvid(alg: "ES384"));

    [Fact(DisplayName = "RFC 7523 §2.1: a workload assertion redeemed by its own agent as a jwt-bearer grant gives a token about the agent")]
    public async Task JwtBearerGrant_WithWorkloadAssertion_ForTheMappedAgent()
    {
        var (status, json) = await fixture.PostAsync(null,
            ("grant_type", JwtBearer), ("assertion", KubernetesToken()), ("resource", Api),
            ("client_assertion_type", AssertionType), ("client_assertion", KubernetesToken()));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(fixture.Invoicer.ClientId, Payload(json.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
    }

    [Fact(DisplayName = "RFC 7523 §3.1: a workload assertion presented by another agent as a grant is invalid_grant")]
    public async Task JwtBearerGrant_WorkloadAssertionFromOtherAgent_InvalidGrant()
    {
        var (status, json) = await fixture.PostAsync(fixture.Assistant, ("grant_type", JwtBearer), ("assertion", SpiffeSvid()), ("resource", Api));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", json.GetProperty("error").GetString());
    }
}
