// A stand-in authorization server on real loopback HTTP: RFC 8414 metadata and an RFC 7517 JWKS built from keys
// generated with Mandate.Jose, counting every fetch so tests can assert refetch behaviour exactly.
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Tests.Infrastructure;

public sealed class FakeIssuer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<SigningKey> _published = [];
    private WebApplication? _app;
    private int _jwksFetches;
    private int _metadataFetches;

    private FakeIssuer()
    {
    }

    /// <summary>http://127.0.0.1:{port}, no trailing slash.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>When set, the metadata document reports this issuer instead of the real one.</summary>
    public string? MetadataIssuerOverride { get; set; }

    public int JwksFetches => Volatile.Read(ref _jwksFetches);

    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    public static async Task<FakeIssuer> StartAsync(params SigningKey[] keys)
    {
        var issuer = new FakeIssuer();
        foreach (var key in keys)
        {
            issuer.Publish(key);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/.well-known/oauth-authorization-server", (HttpContext context) =>
        {
            Interlocked.Increment(ref issuer._metadataFetches);
            var json = $$"""{"issuer":"{{issuer.MetadataIssuerOverride ?? issuer.Issuer}}","jwks_uri":"{{issuer.Issuer}}/jwks","token_endpoint":"{{issuer.Issuer}}/token"}""";
            return Results.Text(json, "application/json");
        });
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref issuer._jwksFetches);
            return Results.Text(issuer.JwksJson(), "application/json");
        });
        await app.StartAsync();
        issuer._app = app;
        issuer.Issuer = app.Urls.Single().TrimEnd('/');
        return issuer;
    }

    /// <summary>Adds a key to the published JWKS (the public half only).</summary>
    public void Publish(SigningKey key)
    {
        lock (_gate)
        {
            _published.Add(key);
        }
    }

    /// <summary>Takes the issuer off the network: further fetches fail with connection refused.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private string JwksJson()
    {
        lock (_gate)
        {
            return new JsonWebKeySet(_published.Select(k => k.PublicJwk)).ToJson();
        }
    }
}
