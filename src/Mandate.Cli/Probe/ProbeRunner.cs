using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Http;
using Mandate.Cli.Inspect;
using Mandate.Jose;
using Mandate.Jose.Jwk;

namespace Mandate.Cli.Probe;

/// <summary>
/// Runs the probe: a real token must be accepted, then every <see cref="ProbeCatalogue"/> case must be
/// rejected. Prints one line per case and a summary; returns 1 when any bad case was accepted.
/// </summary>
internal sealed class ProbeRunner
{
    private readonly CliContext _context;
    private readonly HttpClient _http;

    /// <summary>Creates a runner that sends through <paramref name="http"/>.</summary>
    public ProbeRunner(CliContext context, HttpClient http)
    {
        _context = context;
        _http = http;
    }

    /// <summary>Runs the probe.</summary>
    /// <returns>0 when every case was rejected, 1 when the API refused the real token or accepted a bad case.</returns>
    public async Task<int> RunAsync(ProbeSettings settings, CancellationToken cancellationToken)
    {
        ServerMetadata metadata = await ServerMetadata.FetchAsync(_http, settings.Issuer, cancellationToken);
        Uri tokenEndpoint = ServerMetadata.Rebase(metadata.TokenEndpoint, new Uri(metadata.Issuer), settings.Issuer);
        TokenResponse token = await new TokenEndpointClient(_http).RequestAsync(
            tokenEndpoint, settings.ClientId, settings.ClientSecret, settings.Scope, [settings.Resource], cancellationToken);
        if (!token.IsSuccess)
        {
            int code = token.Error is "invalid_client" or "unauthorized_client" ? ExitCodes.AuthenticationFailed : ExitCodes.Failure;
            throw new CliException(code, "could not get a real token: " + token.DescribeError());
        }

        string realToken = token.AccessToken!;
        HttpResponseMessage baseline = await SendAsync(settings.Target, new ProbeRequest(realToken), cancellationToken);
        using (baseline)
        {
            if (!baseline.IsSuccessStatusCode)
            {
                string challenge = baseline.Headers.WwwAuthenticate.ToString();
                throw new CliException(ExitCodes.Failure,
                    $"the API did not accept a valid token: HTTP {(int)baseline.StatusCode}" + (challenge.Length > 0 ? $" (WWW-Authenticate: {challenge})" : "")
                    + "; check --api/--path, --resource and --scope");
            }

            _context.Output.WriteLine($"accepted  a valid token (HTTP {(int)baseline.StatusCode}): the probe can begin");
        }

        UnverifiedJwt decoded = UnverifiedJwt.Decode(realToken);
        JsonWebKey? issuerKey = await FindIssuerKeyAsync(metadata, settings.Issuer, JsonText.GetString(decoded.Header, "kid"), cancellationToken);
        using ProbeKey attacker = ProbeKey.GenerateAttacker();
        using ProbeKey? trusted = settings.SigningKeyPath is null ? null : LoadSigningKey(settings.SigningKeyPath);
        await using AttackerJwksHost jwksHost = await AttackerJwksHost.StartAsync(attacker.PublicJwk, cancellationToken);

        var inputs = new ProbeInputs(realToken, ToObject(decoded.Header), ToObject(decoded.Payload), _context.TimeProvider.GetUtcNow(),
            attacker, trusted, issuerKey, jwksHost.Url);
        int accepted = 0, serverErrors = 0;
        foreach (ProbeCase probeCase in ProbeCatalogue.All)
        {
            string outcome = await RunCaseAsync(settings.Target, probeCase.Build(inputs), cancellationToken);
            bool wasAccepted = outcome.StartsWith("HTTP 2", StringComparison.Ordinal);
            accepted += wasAccepted ? 1 : 0;
            serverErrors += outcome.StartsWith("HTTP 5", StringComparison.Ordinal) ? 1 : 0;
            _context.Output.WriteLine($"{(wasAccepted ? "ACCEPTED" : "rejected")}  {probeCase.Name} ({outcome})");
        }

        int total = ProbeCatalogue.All.Count;
        if (settings.Revocation)
        {
            var revocation = new ProbeRevocation(_context, _http, metadata, tokenEndpoint, settings, request => SendAsync(settings.Target, request, cancellationToken));
            (string name, string outcome, bool? wasAccepted) = await revocation.RunAsync(cancellationToken);
            if (wasAccepted is { } counted)
            {
                total++;
                accepted += counted ? 1 : 0;
            }

            _context.Output.WriteLine($"{(wasAccepted switch { true => "ACCEPTED", false => "rejected", null => "skipped " })}  {name} ({outcome})");
        }

        _context.Output.WriteLine($"{total} cases: {total - accepted} rejected, {accepted} accepted");
        if (serverErrors > 0)
        {
            // Rejected, but not cleanly: a bad token should get 401 invalid_token (RFC 6750 §3.1), not a server error.
            _context.Output.WriteLine($"warning: {serverErrors} case(s) got a server error (HTTP 5xx) instead of 401");
        }
        if (jwksHost.Fetches > 0)
        {
            _context.Output.WriteLine("warning: the API fetched the attacker's JWKS named by a jku header");
        }

        if (trusted is null)
        {
            _context.Output.WriteLine("note: claim cases were signed with an untrusted key; pass --signing-key to test claim checks behind the signature");
        }

        return accepted == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private async Task<string> RunCaseAsync(Uri target, ProbeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await SendAsync(target, request, cancellationToken);
            return $"HTTP {(int)response.StatusCode}";
        }
        catch (CliException)
        {
            // The API dropped the connection (e.g. an oversized header): not accepted.
            return "connection closed";
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri target, ProbeRequest probe, CancellationToken cancellationToken)
    {
        Uri uri = probe.InQuery
            ? new UriBuilder(target) { Query = (target.Query.Length > 1 ? target.Query[1..] + "&" : "") + "access_token=" + Uri.EscapeDataString(probe.Token) }.Uri
            : target;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (!probe.InQuery && probe.Scheme.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", probe.Scheme + " " + probe.Token);
        }

        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the API at {target.GetLeftPart(UriPartial.Authority)}");
        }
    }

    private async Task<JsonWebKey?> FindIssuerKeyAsync(ServerMetadata metadata, Uri issuerUrl, string? kid, CancellationToken cancellationToken)
    {
        Uri jwksUri = ServerMetadata.Rebase(metadata.JwksUri, new Uri(metadata.Issuer), issuerUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, jwksUri);
        using HttpResponseMessage response = await Reachability.SendAsync(_http, request, cancellationToken);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return JsonWebKeySet.TryParse(body, out JsonWebKeySet? set, out _) ? set.Keys.FirstOrDefault(k => k.Kid == kid) : null;
    }

    private ProbeKey LoadSigningKey(string path)
    {
        string fullPath = _context.ResolvePath(path);
        if (!File.Exists(fullPath))
        {
            throw new CliException(ExitCodes.NotFound, $"--signing-key: {fullPath} not found");
        }

        if (!JsonWebKey.TryParse(File.ReadAllBytes(fullPath), out JsonWebKey? jwk, out JoseErrorCode error))
        {
            throw CliException.Usage($"--signing-key: {fullPath} is not a JWK ({error})");
        }

        return ProbeKey.FromJwk(jwk, fullPath);
    }

    private static JsonObject ToObject(JsonElement element) => JsonNode.Parse(element.GetRawText())!.AsObject();
}
