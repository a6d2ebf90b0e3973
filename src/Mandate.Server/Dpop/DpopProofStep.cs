// The "verify DPoP" step of POST /token (RFC 9449 §5): at most one DPoP header (§4.3 item 1), the proof
// checks of §4.3 against the published token_endpoint, the server nonce of §8 when required, and the jti
// recorded once in IReplayCache (shared by every node on the store) until the proof's window closes (§11.1).
// A request without a proof is allowed unless the agent, or the server default, requires DPoP. The same checks (one
// algorithm list, one nonce source, one replay cache) serve RFC 9449 §7.1 at this server's own protected APIs.
using System.Security.Cryptography;
using System.Text;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Protocol;
using Mandate.Protocol.Dpop;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Dpop;

internal sealed class DpopProofStep
{
    private const string ReplayPrefix = "dpop:";
    private readonly DpopOptions _options;
    private readonly SignatureAlgorithm[] _algorithms;
    private readonly Uri _tokenEndpoint;
    private readonly string _issuer;
    private readonly DpopNonces _nonces;
    private readonly IReplayCache _replay;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DpopProofStep> _logger;
    private readonly Fapi2.Fapi2Profile _fapi2;

    public DpopProofStep(IOptions<DpopOptions> options, IssuerUris uris, DpopNonces nonces, IReplayCache replay, TimeProvider timeProvider, ILogger<DpopProofStep> logger, Fapi2.Fapi2Profile fapi2)
    {
        _options = options.Value;
        _fapi2 = fapi2;
        // FAPI 2.0 Security Profile §5.4.1: with the profile on, only its algorithms among the configured ones.
        _algorithms = [.. _options.SigningAlgorithms.Where(fapi2.Allows).Select(static name => SignatureAlgorithm.TryGet(name, out var algorithm) ? algorithm : throw new InvalidOperationException("Dpop:SigningAlgorithms holds an unsupported algorithm; DpopOptionsValidator refuses it at start."))];
        _tokenEndpoint = new Uri(uris.TokenEndpoint);
        _issuer = uris.Issuer;
        _nonces = nonces;
        _replay = replay;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The accepted proof algorithms, for <c>dpop_signing_alg_values_supported</c>.</summary>
    public IReadOnlyList<string> Algorithms => [.. _algorithms.Select(static a => a.Name)];

    /// <summary>
    /// Checks the request's DPoP proof. Returns the thumbprint to bind the token to (null: no proof, a bearer
    /// token), or the error to send; with nonces on, the response carries a fresh <c>DPoP-Nonce</c>.
    /// </summary>
    public async ValueTask<(string? Thumbprint, OAuthError? Error)> VerifyAsync(HttpContext context, Agent agent, CancellationToken cancellationToken)
    {
        var headers = context.Request.Headers[DpopHeaderNames.Proof];
        if (headers.Count == 0)
        {
            // FAPI 2.0 Security Profile §5.3.2.1 item 4: only sender-constrained tokens, whatever the agent's own setting.
            if ((agent.Dpop ?? _options.DefaultRequirement) == DpopRequirement.Required || _fapi2.AppliesTo(agent))
            {
                Log.DpopProofMissing(_logger, agent.ClientId);
                return (null, DpopErrors.ProofRequired);
            }

            return (null, null);
        }

        // A comma means several field lines folded into one (RFC 9110 §5.3); a compact JWS never contains one.
        if (headers.Count > 1 || headers[0] is not { } value || value.Contains(','))
        {
            Log.DpopProofRefused(_logger, agent.ClientId, "MultipleHeaders");
            return (null, DpopProofErrors.MultipleProofs);
        }

        var now = _timeProvider.GetUtcNow();
        var result = DpopProofValidator.Validate(value, new DpopProofParameters
        {
            Method = HttpMethods.Post,
            Uri = _tokenEndpoint,
            Now = now,
            AllowedAlgorithms = _algorithms,
            MaxAge = _options.ProofMaxAge,
            ClockSkew = _options.ClockSkew,
        });
        if (!result.IsValid)
        {
            Log.DpopProofRefused(_logger, agent.ClientId, result.Error.ToString());
            return (null, DpopProofErrors.For(result.Error));
        }

        return await AcceptAsync(context, result.Proof!, agent.ClientId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 9449 §7.1 at one of this server's own protected APIs (Shared Signals): exactly one proof for this method and
    /// URL (under the issuer), with <c>ath</c> = hash(<paramref name="accessToken"/>), made with the key the token is bound
    /// to (<paramref name="boundThumbprint"/>), with the server nonce when nonces are on, and an unused jti.
    /// </summary>
    /// <returns>Null when the proof is good; otherwise the error to send.</returns>
    public async ValueTask<OAuthError?> VerifyResourceRequestAsync(HttpContext context, string accessToken, string boundThumbprint, string clientId, CancellationToken cancellationToken)
    {
        var headers = context.Request.Headers[DpopHeaderNames.Proof];
        if (headers.Count != 1 || headers[0] is not { } value || value.Contains(','))
        {
            Log.DpopProofRefused(_logger, clientId, "ProofHeader");
            return headers.Count > 1 ? DpopProofErrors.MultipleProofs : DpopResourceErrors.ProofMissing;
        }

        var result = DpopProofValidator.Validate(value, new DpopProofParameters
        {
            Method = context.Request.Method,
            // §4.3 item 9: htu is the request's URI without query and fragment, as published under the issuer.
            Uri = new Uri(_issuer + context.Request.Path.Value),
            Now = _timeProvider.GetUtcNow(),
            AllowedAlgorithms = _algorithms,
            MaxAge = _options.ProofMaxAge,
            ClockSkew = _options.ClockSkew,
            AccessToken = accessToken,
        });
        if (!result.IsValid)
        {
            Log.DpopProofRefused(_logger, clientId, result.Error.ToString());
            return DpopProofErrors.For(result.Error);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(result.Proof!.Thumbprint), Encoding.ASCII.GetBytes(boundThumbprint)))
        {
            Log.DpopProofRefused(_logger, clientId, "WrongKey");
            return DpopResourceErrors.WrongKey;
        }

        var (_, error) = await AcceptAsync(context, result.Proof, clientId, cancellationToken).ConfigureAwait(false);
        return error;
    }

    // §8: the nonce is checked before the jti is spent, so the retry with the nonce can reuse nothing stale; §11.1: the
    // jti is recorded until the proof's window closes.
    private async ValueTask<(string? Thumbprint, OAuthError? Error)> AcceptAsync(HttpContext context, DpopProof proof, string clientId, CancellationToken cancellationToken)
    {
        if (_options.RequireNonce)
        {
            var fresh = await _nonces.CurrentAsync(cancellationToken).ConfigureAwait(false);
            context.Response.Headers[DpopHeaderNames.Nonce] = fresh;
            if (proof.Nonce is null || !await _nonces.IsValidAsync(proof.Nonce, cancellationToken).ConfigureAwait(false))
            {
                Log.DpopNonceRequested(_logger, clientId);
                return (null, DpopProofErrors.UseNonce);
            }
        }

        var expiresAt = proof.IssuedAt + _options.ProofMaxAge + _options.ClockSkew + TimeSpan.FromSeconds(1);
        if (!await _replay.TryAddAsync(ReplayPrefix + proof.Thumbprint, proof.JwtId, expiresAt, cancellationToken).ConfigureAwait(false))
        {
            Log.DpopProofReplayed(_logger, clientId, proof.Thumbprint);
            return (null, DpopProofErrors.Replayed);
        }

        return (proof.Thumbprint, null);
    }
}
