// draft-ietf-oauth-status-list §8.1-§8.3: GET the list with Accept application/statuslist+jwt, verify it as a JWT
// (typ statuslist+jwt, signed by a key of the issuer's JWKS, iss, exp, iat; one JWKS refetch for an unknown kid), check
// sub equals the URI the token named, bound the inflated size (§11.1), and honour ttl (§13.7, clamped to 1 s - 1 h).
using System.Net.Http.Headers;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Jose.Jwt;
using Mandate.Protocol;
using Mandate.Protocol.StatusList;
using Mandate.ResourceServer.Jwks;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.StatusList;

internal sealed class StatusListFetcher(HttpClient backchannel, JwksCache keys, JwtValidationParameters parameters, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>At most 16 MiB inflated (2^27 one-bit statuses).</summary>
    internal const int MaxListBytes = 16 << 20;

    private static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromMinutes(1);

    public async Task<StatusListSnapshot?> FetchAsync(string uri, CancellationToken cancellationToken)
    {
        string jwt;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(StatusListNames.MediaType));
            using var response = await backchannel.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > parameters.MaxTokenLength)
            {
                StatusListLog.FetchFailed(logger, uri, "HTTP " + (int)response.StatusCode);
                return null;
            }

            jwt = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            StatusListLog.FetchFailed(logger, uri, exception.GetType().Name);
            return null;
        }

        var keySet = await keys.GetKeysAsync(cancellationToken).ConfigureAwait(false);
        var result = keySet is null ? null : JwtValidator.Validate(jwt, keySet, parameters);
        if (result is null || result.Error == JoseErrorCode.UnknownKeyId)
        {
            keySet = await keys.RefreshForUnknownKeyAsync(keySet, result?.Header.Kid, cancellationToken).ConfigureAwait(false);
            result = keySet is null ? null : JwtValidator.Validate(jwt, keySet, parameters);
        }

        if (result is not { IsValid: true, Claims: { } claims })
        {
            StatusListLog.FetchFailed(logger, uri, result?.Error.ToString() ?? "no keys");
            return null;
        }

        return Read(uri, claims);
    }

    private StatusListSnapshot? Read(string uri, JwtClaims claims)
    {
        if (claims.Subject != uri || claims.ExpiresAt is not { } expiresAt
            || !claims.TryGetClaim(StatusListNames.StatusList, out var list) || list.ValueKind != JsonValueKind.Object
            || !list.TryGetProperty(StatusListNames.Bits, out var bitsElement) || !bitsElement.TryGetInt32(out var bits) || bits is not (1 or 2 or 4 or 8)
            || !list.TryGetProperty(StatusListNames.List, out var lst) || lst.ValueKind != JsonValueKind.String
            || !Base64Url.TryDecode(lst.GetString(), out var compressed)
            || StatusListBits.Decompress(compressed, MaxListBytes) is not { } bytes)
        {
            StatusListLog.FetchFailed(logger, uri, "malformed status list token");
            return null;
        }

        var ttl = DefaultTimeToLive;
        if (claims.TryGetClaim(StatusListNames.TimeToLive, out var ttlElement) && ttlElement.TryGetInt64(out var seconds) && seconds > 0)
        {
            ttl = TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 3600));
        }

        var now = timeProvider.GetUtcNow();
        return new StatusListSnapshot(bytes, bits, (now + ttl).UtcTicks, expiresAt.UtcTicks);
    }

    /// <summary>The validation parameters of Status List Tokens of <paramref name="accessTokens"/>' issuer.</summary>
    public static JwtValidationParameters ParametersFor(JwtValidationParameters accessTokens) => new()
    {
        ValidIssuer = accessTokens.ValidIssuer,
        ValidTypes = [StatusListNames.TokenType, StatusListNames.MediaType],
        AllowedAlgorithms = accessTokens.AllowedAlgorithms,
        ClockSkew = accessTokens.ClockSkew,
        TimeProvider = accessTokens.TimeProvider,
        MaxTokenLength = 24 << 20,
        RequireExpirationTime = true,
        RequiredClaims = [JwtClaimNames.Subject, JwtClaimNames.IssuedAt, StatusListNames.StatusList],
    };
}
