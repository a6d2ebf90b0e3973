using Mandate.Jose.Jwk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mandate.Cli.Probe;

/// <summary>
/// Serves the attacker's JWKS on a loopback port for the <c>jku</c> case, so an API that follows <c>jku</c>
/// (RFC 8725 §3.10 says it must not) really finds a key that verifies the forged token.
/// </summary>
internal sealed class AttackerJwksHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _fetches;

    private AttackerJwksHost(WebApplication app) => _app = app;

    /// <summary>The JWKS URL, e.g. http://127.0.0.1:40123/jwks.json.</summary>
    public string Url { get; private set; } = "";

    /// <summary>How many times the JWKS was fetched (by the API under test, if it follows jku).</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>Starts the host on 127.0.0.1 with an ephemeral port.</summary>
    public static async Task<AttackerJwksHost> StartAsync(JsonWebKey attackerPublicKey, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var host = new AttackerJwksHost(app);
        string jwks = new JsonWebKeySet([attackerPublicKey]).ToJson();
        app.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref host._fetches);
            return Results.Text(jwks, "application/json");
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        host.Url = app.Urls.First().TrimEnd('/') + "/jwks.json";
        return host;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
