// The rules every surface protected by this server's own tokens shares (the admin API, the Shared Signals API):
// RFC 9068 §4 (typ at+jwt, iss, aud), RFC 7519 §4.1.4 (exp, no skew on the server's own clock), RFC 6750 §3.1 (the
// error objects and challenges), revocation and the agent's status.
using System.Text;
using Mandate.Admin;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.Storage;
using Mandate.Server.Keys;
using Mandate.Server.OwnTokens;
using Mandate.Server.Revocation;
using Mandate.Server.SharedSignals;
using Mandate.Server.Tests.Harness;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.OwnTokens;

public sealed class OwnTokenAuthorizerTests : IAsyncLifetime
{
    private const string Audience = ServerHarness.Issuer + "/surface";
    private const string Scope = "surface:use";

    private static readonly OwnTokenPolicy Policy = new()
    {
        Audience = Audience,
        InvalidToken = OAuthError.InvalidToken("test: invalid."),
        MissingScope = static scope => OAuthError.InsufficientScope("test: needs " + scope + "."),
        ScopeGrantingAll = "surface:all",
    };

    private ServerHarness _server = null!;
    private Agent _agent = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHarness.CreateAsync(services: services => services.AddMandateAdmin().AddMandateSharedSignals());
        (_agent, _) = await _server.CreateAgentAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "RFC 9068 §4: a token of this server, for the surface's audience, with the route's scope, is accepted")]
    public async Task ValidToken_IsAccepted()
    {
        var outcome = await AuthorizeAsync(Token());
        Assert.Null(outcome.Failure);
        Assert.Equal(_agent.ClientId, outcome.ClientId);
        Assert.Contains(Scope, outcome.Scopes!);
    }

    [Fact(DisplayName = "RFC 6750 §3.1: no Authorization header is 401 with a bare Bearer challenge (no error attribute)")]
    public async Task NoHeader_IsBareChallenge()
    {
        var outcome = await AuthorizeAsync(null);
        Assert.Equal(StatusCodes.Status401Unauthorized, outcome.Failure!.StatusCode);
        Assert.Equal("Bearer realm=\"mandate\"", outcome.Failure.Challenge);
    }

    [Fact(DisplayName = "RFC 7519 §4.1.4: an expired token is invalid_token, with no clock skew")]
    public async Task Expired_IsInvalidToken()
    {
        var token = Token();
        _server.Time.Advance(TimeSpan.FromMinutes(5));
        AssertInvalidToken(await AuthorizeAsync(token));
    }

    [Fact(DisplayName = "RFC 9068 §4: a token for another audience is invalid_token")]
    public async Task WrongAudience_IsInvalidToken() =>
        AssertInvalidToken(await AuthorizeAsync(Token(aud: ServerHarness.Issuer + "/admin"), Policy));

    [Fact(DisplayName = "RFC 9068 §4 / RFC 8725 §3.11: a token typed JWT instead of at+jwt is invalid_token")]
    public async Task WrongTyp_IsInvalidToken() => AssertInvalidToken(await AuthorizeAsync(Token(typ: "JWT")));

    [Fact(DisplayName = "RFC 9068 §4: a token from another issuer is invalid_token")]
    public async Task WrongIssuer_IsInvalidToken() => AssertInvalidToken(await AuthorizeAsync(Token(iss: "https://other.example.com")));

    [Fact(DisplayName = "RFC 7009 §2: a revoked token is invalid_token")]
    public async Task Revoked_IsInvalidToken()
    {
        var jti = "j-" + Guid.NewGuid().ToString("N");
        var token = Token(jti: jti);
        await _server.Services.GetRequiredService<RevocationService>().RevokeTokenAsync(jti, _server.Time.GetUtcNow().AddMinutes(5), null, CancellationToken.None);
        AssertInvalidToken(await AuthorizeAsync(token));
    }

    [Fact(DisplayName = "A token of a suspended agent is invalid_token at once")]
    public async Task SuspendedAgent_IsInvalidToken()
    {
        var token = Token();
        Assert.Null((await AuthorizeAsync(token)).Failure);
        await _server.Agents.SuspendAsync(_agent.Id, CancellationToken.None);
        AssertInvalidToken(await AuthorizeAsync(token));
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a token without the route's scope is 403 insufficient_scope naming the scope")]
    public async Task MissingScope_IsInsufficientScope()
    {
        var outcome = await AuthorizeAsync(Token(scope: "other:scope"));
        Assert.Equal(StatusCodes.Status403Forbidden, outcome.Failure!.StatusCode);
        Assert.Equal("test: needs surface:use.", outcome.Failure.Error.Description);
        Assert.Equal("Bearer realm=\"mandate\", error=\"insufficient_scope\", scope=\"surface:use\"", outcome.Failure.Challenge);
    }

    [Fact(DisplayName = "The policy's scope granting every route satisfies any route")]
    public async Task ScopeGrantingAll_SatisfiesTheRoute() => Assert.Null((await AuthorizeAsync(Token(scope: "surface:all"))).Failure);

    [Fact(DisplayName = "RFC 9449 §7.2: a sender-constrained token as a bearer token is invalid_token where the policy refuses it")]
    public async Task SenderConstrained_IsRefusedWhenThePolicySaysSo()
    {
        var token = Token(extra: ""","cnf":{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}""");
        Assert.Null((await AuthorizeAsync(token)).Failure);
        AssertInvalidToken(await AuthorizeAsync(token, new OwnTokenPolicy { Audience = Audience, InvalidToken = Policy.InvalidToken, MissingScope = Policy.MissingScope, RefuseSenderConstrained = true }));
    }

    [Fact(DisplayName = "RFC 6750 §3.1: the admin API answers with its own ids (MND2581, MND2582) through the shared rules")]
    public async Task AdminSurface_KeepsItsErrors()
    {
        var admin = _server.Services.GetRequiredService<AdminAuthorizer>();
        var (_, invalid) = await admin.AuthorizeAsync(Context(Token()), MandateScopes.AdminRead);
        Assert.StartsWith("MND2581:", invalid!.Error.Description, StringComparison.Ordinal);

        var (_, missing) = await admin.AuthorizeAsync(Context(Token(aud: ServerHarness.Issuer + "/admin", scope: MandateScopes.AdminAudit)), MandateScopes.AdminRead);
        Assert.StartsWith("MND2582:", missing!.Error.Description, StringComparison.Ordinal);
        Assert.EndsWith("scope=\"" + MandateScopes.AdminRead + "\"", missing.Challenge, StringComparison.Ordinal);

        var (clientId, _) = await admin.AuthorizeAsync(Context(Token(aud: ServerHarness.Issuer + "/admin", scope: MandateScopes.Admin)), MandateScopes.AdminRead);
        Assert.Equal(_agent.ClientId, clientId);
    }

    [Fact(DisplayName = "RFC 6750 §3.1: the Shared Signals API answers with its own ids (MND3500, MND3501) through the shared rules")]
    public async Task SharedSignalsSurface_KeepsItsErrors()
    {
        var ssf = _server.Services.GetRequiredService<SharedSignalsAuthorizer>();
        var (_, invalid) = await ssf.AuthorizeAsync(Context(Token()));
        Assert.StartsWith("MND3500:", invalid!.Error.Description, StringComparison.Ordinal);

        var (_, missing) = await ssf.AuthorizeAsync(Context(Token(aud: ServerHarness.Issuer + "/ssf", scope: "invoices:read")));
        Assert.StartsWith("MND3501:", missing!.Error.Description, StringComparison.Ordinal);
        Assert.EndsWith("scope=\"ssf:manage\"", missing.Challenge, StringComparison.Ordinal);

        var (clientId, _) = await ssf.AuthorizeAsync(Context(Token(aud: ServerHarness.Issuer + "/ssf", scope: "ssf:manage")));
        Assert.Equal(_agent.ClientId, clientId);
    }

    private static void AssertInvalidToken(OwnTokenAuthorization outcome)
    {
        Assert.Null(outcome.ClientId);
        Assert.Equal(StatusCodes.Status401Unauthorized, outcome.Failure!.StatusCode);
        Assert.Equal("test: invalid.", outcome.Failure.Error.Description);
        Assert.Equal("Bearer realm=\"mandate\", error=\"invalid_token\"", outcome.Failure.Challenge);
    }

    private ValueTask<OwnTokenAuthorization> AuthorizeAsync(string? token, OwnTokenPolicy? policy = null) =>
        _server.Services.GetRequiredService<OwnTokenAuthorizer>().AuthorizeAsync(Context(token), policy ?? Policy, Scope);

    private DefaultHttpContext Context(string? token)
    {
        var context = new DefaultHttpContext { RequestServices = _server.Services };
        if (token is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + token;
        }

        return context;
    }

    /// <summary>A token signed with the server's own active key, with the claims given.</summary>
    private string Token(string aud = Audience, string scope = Scope, string typ = "at+jwt", string iss = ServerHarness.Issuer, string? jti = null, string extra = "")
    {
        var now = _server.Time.GetUtcNow().ToUnixTimeSeconds();
        var claims = $$"""{"iss":"{{iss}}","sub":"{{_agent.Id}}","aud":"{{aud}}","exp":{{now + 300}},"iat":{{now}},"jti":"{{jti ?? "j-" + Guid.NewGuid().ToString("N")}}","client_id":"{{_agent.ClientId}}","scope":"{{scope}}"{{extra}}}""";
        return JwsWriter.CreateCompact(_server.Services.GetRequiredService<SigningKeyRing>().ActiveKey, typ, Encoding.UTF8.GetBytes(claims));
    }
}
