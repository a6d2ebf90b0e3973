using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Http;
using Mandate.Cli.Inspect;
using Mandate.Jose;
using Mandate.Jose.Jwk;
using Mandate.Protocol;

namespace Mandate.Cli.Probe;

/// <summary>
/// Runs the probe: a real token must be accepted, then every <see cref="ProbeCatalogue"/> case must be
/// rejected. Prints one line per case and a summary; returns 1 when any bad case was accepted. With DPoP, the real
/// token is DPoP-bound, every case is sent with a valid proof for its token, and the <see cref="DpopProbeCatalogue"/>
/// cases follow.
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
        using DpopProbeSession? dpop = settings.Dpop ? new DpopProbeSession(_context.TimeProvider) : null;
        string realToken = await GetRealTokenAsync(settings, tokenEndpoint, dpop, cancellationToken);
        HttpResponseMessage baseline = await SendAsync(settings.Target, new ProbeRequest(realToken), dpop, cancellationToken);
        using (baseline)
        {
            if (!baseline.IsSuccessStatusCode)
            {
                string challenge = baseline.Headers.WwwAuthenticate.ToString();
                throw new CliException(ExitCodes.Failure,
                    $"the API did not accept a valid {(dpop is null ? "token" : "DPoP-bound token and proof")}: HTTP {(int)baseline.StatusCode}" + (challenge.Length > 0 ? $" (WWW-Authenticate: {challenge})" : "")
                    + "; check --api/--path, --resource and --scope");
            }

            _context.Output.WriteLine($"accepted  a valid {(dpop is null ? "token" : "DPoP-bound token with its proof")} (HTTP {(int)baseline.StatusCode}): the probe can begin");
        }

        UnverifiedJwt decoded = UnverifiedJwt.Decode(realToken);
        JsonWebKey? issuerKey = await FindIssuerKeyAsync(metadata, settings.Issuer, JsonText.GetString(decoded.Header, "kid"), cancellationToken);
        using ProbeKey attacker = ProbeKey.GenerateAttacker();
        using ProbeKey? trusted = settings.SigningKeyPath is null ? null : LoadSigningKey(settings.SigningKeyPath);
        await using AttackerJwksHost jwksHost = await AttackerJwksHost.StartAsync(attacker.PublicJwk, cancellationToken);

        var inputs = new ProbeInputs(realToken, ToObject(decoded.Header), ToObject(decoded.Payload), _context.TimeProvider.GetUtcNow(),
            attacker, trusted, issuerKey, jwksHost.Url);
        int accepted = 0, serverErrors = 0;
        void Report(string name, string outcome)
        {
            bool wasAccepted = outcome.StartsWith("HTTP 2", StringComparison.Ordinal);
            accepted += wasAccepted ? 1 : 0;
            serverErrors += outcome.StartsWith("HTTP 5", StringComparison.Ordinal) ? 1 : 0;
            _context.Output.WriteLine($"{(wasAccepted ? "ACCEPTED" : "rejected")}  {name} ({outcome})");
        }

        foreach (ProbeCase probeCase in ProbeCatalogue.All)
        {
            // With DPoP, each forged token comes with a valid proof for it, so only the token's own defect is tested.
            Report(probeCase.Name, await RunCaseAsync(settings.Target, probeCase.Build(inputs), dpop, cancellationToken));
        }

        foreach (DpopProbeCase probeCase in dpop is null ? [] : DpopProbeCatalogue.All)
        {
            Report(probeCase.Name, await RunCaseAsync(settings.Target, probeCase.Build(dpop!, settings.Target, realToken), null, cancellationToken));
        }

        int total = ProbeCatalogue.All.Count + (dpop is null ? 0 : DpopProbeCatalogue.All.Count);
        if (settings.Revocation)
        {
            var revocation = new ProbeRevocation(_context, _http, metadata, tokenEndpoint, settings, request => SendAsync(settings.Target, request, null, cancellationToken));
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

    // Through Mandate.Agent, as an agent would (with a DPoP key: the proof at /token, the nonce retry, token_type DPoP).
    private async Task<string> GetRealTokenAsync(ProbeSettings settings, Uri tokenEndpoint, DpopProbeSession? dpop, CancellationToken cancellationToken)
    {
        JsonObject issued = await Commands.AgentTokenRequest.RequestAsync(
            _context, settings.Issuer, tokenEndpoint, settings.ClientId, new Commands.AgentCredential(settings.ClientSecret, null), dpop?.Key,
            settings.Scope, settings.Resource, cancellationToken, "could not get a real token");
        return issued[OAuthParameters.AccessToken]!.GetValue<string>();
    }

    private async Task<string> RunCaseAsync(Uri target, ProbeRequest request, DpopProbeSession? dpop, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await SendAsync(target, request, dpop, cancellationToken);
            return $"HTTP {(int)response.StatusCode}";
        }
        catch (CliException)
        {
            // The API dropped the connection (e.g. an oversized header): not accepted.
            return "connection closed";
        }
    }

    // With a session, a Bearer request is sent as "Authorization: DPoP" with a fresh proof for its token (RFC 9449 §7.1),
    // retried once when the API answers use_dpop_nonce (§9). Without one, the request is sent as built.
    private async Task<HttpResponseMessage> SendAsync(Uri target, ProbeRequest probe, DpopProbeSession? dpop, CancellationToken cancellationToken)
    {
        bool asDpop = dpop is not null && !probe.InQuery && probe.Scheme == "Bearer" && probe.Proofs is null;
        for (int attempt = 0; ; attempt++)
        {
            ProbeRequest sent = asDpop ? probe with { Scheme = "DPoP", Proofs = [dpop!.Proof("GET", target, probe.Token)] } : probe;
            HttpResponseMessage response = await SendOnceAsync(target, sent, cancellationToken);
            if (!asDpop || attempt > 0 || !dpop!.Remember(response))
            {
                if (asDpop && response.IsSuccessStatusCode)
                {
                    dpop!.SpentProof = sent.Proofs![0];
                }

                return response;
            }

            response.Dispose();
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Uri target, ProbeRequest probe, CancellationToken cancellationToken)
    {
        Uri uri = probe.InQuery
            ? new UriBuilder(target) { Query = (target.Query.Length > 1 ? target.Query[1..] + "&" : "") + "access_token=" + Uri.EscapeDataString(probe.Token) }.Uri
            : target;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (!probe.InQuery && probe.Scheme.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", probe.Scheme + " " + probe.Token);
        }

        foreach (string proof in probe.Proofs ?? [])
        {
            request.Headers.TryAddWithoutValidation(Mandate.Protocol.Dpop.DpopHeaderNames.Proof, proof);
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
