using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Console.Tests;

/// <summary>
/// A minimal OpenID Provider on Kestrel 127.0.0.1:0 for the console's OIDC sign-in tests: discovery (OpenID Connect
/// Discovery 1.0 §3), a JWKS with one RS256 key, an authorization endpoint that approves <see cref="User"/> at once
/// (code flow, response_mode=query, PKCE S256 required) and a token endpoint (client_secret_basic) that returns an ID
/// token signed with System.Security.Cryptography. Knobs let a test break one rule at a time.
/// </summary>
internal sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "mandate-console";
    public const string ClientSecret = "provider-secret-9f3c2a7e51b84d06";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private WebApplication? _app;

    private sealed record Grant(string ClientId, string RedirectUri, string? Nonce, string Challenge, TestOidcUser User);

    public Uri Issuer { get; private set; } = null!;

    /// <summary>The user the authorization endpoint approves.</summary>
    public TestOidcUser User { get; set; } = new("user-1", "Ada Operator", "ada@example.com", ["mandate-admins"]);

    /// <summary>When set, the ID token's <c>iss</c> (a token from another issuer).</summary>
    public string? IssuerOverride { get; set; }

    /// <summary>When set, the ID token's <c>nonce</c> instead of the one the client sent.</summary>
    public string? NonceOverride { get; set; }

    /// <summary>When set, the authorization endpoint answers with this error (RFC 6749 §4.1.2.1) instead of a code.</summary>
    public string? Error { get; set; }

    /// <summary>How many codes the token endpoint redeemed.</summary>
    public int Redeemed { get; private set; }

    public static async Task<TestOidcProvider> StartAsync()
    {
        var provider = new TestOidcProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Jwks);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)provider.TokenAsync);
        await app.StartAsync();
        provider._app = app;
        provider.Issuer = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return provider;
    }

    private IResult Discovery() => Results.Json(new JsonObject
    {
        ["issuer"] = IssuerText,
        ["authorization_endpoint"] = IssuerText + "/authorize",
        ["token_endpoint"] = IssuerText + "/token",
        ["jwks_uri"] = IssuerText + "/jwks",
        ["response_types_supported"] = new JsonArray("code"),
        ["response_modes_supported"] = new JsonArray("query"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post"),
    });

    private IResult Jwks()
    {
        var parameters = _key.ExportParameters(false);
        return Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "test-key",
                ["n"] = Base64Url(parameters.Modulus!), ["e"] = Base64Url(parameters.Exponent!),
            }),
        });
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        var redirect = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
            || string.IsNullOrEmpty(query["code_challenge"]) || !redirect.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
        {
            return Results.BadRequest("bad authorization request");
        }

        if (Error is { } error)
        {
            return Results.Redirect(redirect + "?error=" + error + "&state=" + Uri.EscapeDataString(state));
        }

        var code = Base64Url(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new Grant(ClientId, redirect, query["nonce"], query["code_challenge"].ToString(), User);
        return Results.Redirect(redirect + "?code=" + code + "&state=" + Uri.EscapeDataString(state) + "&iss=" + Uri.EscapeDataString(IssuerText));
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var basic = context.Request.Headers.Authorization.ToString();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(ClientId) + ":" + Uri.EscapeDataString(ClientSecret)));
        var postAuth = form["client_id"] == ClientId && form["client_secret"] == ClientSecret;
        if (basic != expected && !postAuth)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant) || form["redirect_uri"] != grant.RedirectUri
            || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        Redeemed++;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = IssuerOverride ?? IssuerText, ["sub"] = grant.User.Subject, ["aud"] = ClientId, ["iat"] = now, ["exp"] = now + 300,
            ["nonce"] = NonceOverride ?? grant.Nonce, ["name"] = grant.User.Name, ["email"] = grant.User.Email,
            ["groups"] = new JsonArray([.. grant.User.Groups.Select(g => (JsonNode)g)]),
        };
        return Results.Json(new { access_token = Base64Url(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = Sign(claims) });
    }

    private string Sign(JsonObject claims)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = "test-key" }));
        var payload = Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Base64Url(signature);
    }

    private string IssuerText => Issuer.AbsoluteUri.TrimEnd('/');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _key.Dispose();
    }
}

/// <summary>The user <see cref="TestOidcProvider"/> signs in.</summary>
internal sealed record TestOidcUser(string Subject, string Name, string Email, IReadOnlyList<string> Groups);
