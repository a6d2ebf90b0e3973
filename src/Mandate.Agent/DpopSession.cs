// RFC 9449 on the client side: one key per agent (MandateTokenClient), a fresh proof for every request - at the
// token endpoint (§5) and at APIs with ath (§7.1) - and the last nonce each origin sent (§8, §9), so the next
// proof carries it. A use_dpop_nonce answer is retried once with the nonce it delivered. Keys and proofs are
// never logged.
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Dpop;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.Protocol.Dpop;

namespace Mandate.Agent;

internal sealed class DpopSession : IDisposable
{
    private readonly SigningKey? _ownedKey;
    private readonly DpopProofWriter _writer;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, string> _nonces = new(StringComparer.OrdinalIgnoreCase);

    public DpopSession(SigningKey? hostKey, TimeProvider time)
    {
        _ownedKey = hostKey is null ? SigningKey.Generate(SignatureAlgorithm.ES256) : null;
        _writer = new DpopProofWriter(hostKey ?? _ownedKey!);
        _time = time;
    }

    /// <summary>The RFC 7638 thumbprint of the key: the <c>cnf.jkt</c> of the tokens bound to it.</summary>
    public string Thumbprint => _writer.Thumbprint;

    /// <summary>Sets a fresh <c>DPoP</c> header on <paramref name="request"/>, with the origin's last nonce.</summary>
    public void Attach(HttpRequestMessage request, string? accessToken)
    {
        var uri = request.RequestUri!;
        _nonces.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out var nonce);
        request.Headers.Remove(DpopHeaderNames.Proof);
        request.Headers.TryAddWithoutValidation(DpopHeaderNames.Proof, _writer.Create(request.Method.Method, uri, _time.GetUtcNow(), accessToken, nonce));
    }

    /// <summary>Remembers the <c>DPoP-Nonce</c> of a response; true when it differs from the one held.</summary>
    public bool Remember(Uri requestUri, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(DpopHeaderNames.Nonce, out var values) || values.FirstOrDefault() is not { Length: > 0 } nonce)
        {
            return false;
        }

        var origin = requestUri.GetLeftPart(UriPartial.Authority);
        var changed = !_nonces.TryGetValue(origin, out var held) || held != nonce;
        _nonces[origin] = nonce;
        return changed;
    }

    /// <summary>RFC 9449 §9: a 401 whose DPoP challenge carries error="use_dpop_nonce".</summary>
    public static bool IsNonceChallenge(HttpResponseMessage response)
    {
        foreach (AuthenticationHeaderValue challenge in response.Headers.WwwAuthenticate)
        {
            if (string.Equals(challenge.Scheme, TokenTypes.DPoP, StringComparison.OrdinalIgnoreCase)
                && challenge.Parameter is { } parameter && parameter.Contains("error=\"" + OAuthErrorCodes.UseDpopNonce + "\"", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _ownedKey?.Dispose();
}
