// RFC 9068 JWT access tokens. Header {"alg","kid","typ":"at+jwt"} (§2.1); claims exactly
// iss, sub, aud, exp, iat, jti, client_id, scope (§2.2) - nothing else, so tokens reveal no more than
// needed; token exchange adds act (RFC 8693 §4.1, newest actor outermost) and parent_jti; a DPoP-bound token adds
// cnf.jkt and is returned with token_type DPoP (RFC 9449 §5, §6.1). jti carries 128 random bits (RFC 7519 §4.1.7 uniqueness). Hot path: the payload is written with
// Utf8JsonWriter into a pooled buffer, the key comes from memory, and only exchanged tokens touch a store
// (their parent link, IDelegationLinkStore) - and, with Token Status Lists on, every token takes its status index
// (draft-ietf-oauth-status-list §6.2: status {status_list {idx, uri}}) from IStatusListStore before it is signed.
using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Protocol.StatusList;
using Mandate.Server.Grants;
using Mandate.Server.Keys;
using Mandate.Server.Revocation;
using Mandate.Server.StatusList;
using Microsoft.Extensions.ObjectPool;

namespace Mandate.Server.Tokens;

internal sealed class JwtAccessTokenIssuer(SigningKeyRing keys, IssuerUris uris, RevocationList revocations, DelegationRegistry delegations, TokenIdGenerator tokenIds, TimeProvider timeProvider, StatusListAllocator? statusLists = null) : ITokenIssuer
{
    private readonly ObjectPool<PayloadWriter> _writers = new DefaultObjectPoolProvider().Create(new PayloadWriterPolicy());

    public ValueTask<TokenResponse> IssueAsync(ApprovedGrant grant, CancellationToken cancellationToken)
    {
        if (grant.IssuedTokenType == TokenTypes.IdJag)
        {
            // An ID-JAG for another authorization server, not an access token (IdJagWriter); no parent link, since
            // revoking here cannot reach a grant the other server has already redeemed.
            return new ValueTask<TokenResponse>(IdJagWriter.Write(keys.ActiveKey, uris.Issuer, grant, timeProvider.GetUtcNow().ToUnixTimeSeconds()));
        }

        if (statusLists is not null)
        {
            return IssueWithStatusAsync(grant, cancellationToken);
        }

        var token = Issue(grant, Claims(grant), null, out var expiresAt);
        return grant.ParentTokenId is null ? new(token) : RecordParentAsync(grant.ParentTokenId, token, expiresAt);
    }

    private async ValueTask<TokenResponse> IssueWithStatusAsync(ApprovedGrant grant, CancellationToken cancellationToken)
    {
        var claims = Claims(grant);
        var status = await statusLists!.AllocateAsync(claims.TokenId, grant.Subject, grant.ClientId, claims.Key.KeyId, claims.IssuedAt, claims.IssuedAt + claims.Lifetime, cancellationToken).ConfigureAwait(false);
        var token = Issue(grant, claims, status, out var expiresAt);
        return grant.ParentTokenId is null ? token : await RecordParentAsync(grant.ParentTokenId, token, expiresAt).ConfigureAwait(false);
    }

    // The parent link for cascading revocation (RevocationService.RevokeTokenAsync), stored durably before the
    // token leaves the server. Not cancellable: a minted token must not exist without its link.
    private async ValueTask<TokenResponse> RecordParentAsync(string parentJti, TokenResponse token, DateTimeOffset expiresAt)
    {
        await delegations.RecordAsync(parentJti, token.TokenId, expiresAt, CancellationToken.None).ConfigureAwait(false);
        return token;
    }

    // The key, jti and times, fixed before anything is allocated or signed.
    private TokenClaims Claims(ApprovedGrant grant)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        // A not-before mark covers iat <= its second; a token issued in that same second (e.g. right after resume or
        // rotate-secret --revoke-tokens) is dated one second later so the mark does not revoke it (< 1 s ahead, well
        // inside every validator's clock skew).
        if (revocations.EarliestIssuedAt(grant.Subject) is { } earliest && earliest > now)
        {
            now = earliest;
        }

        return new TokenClaims(keys.ActiveKey, tokenIds.Next(), now, (long)grant.Lifetime.TotalSeconds);
    }

    private TokenResponse Issue(ApprovedGrant grant, TokenClaims claims, StatusReference? status, out DateTimeOffset expiresAt)
    {
        var (key, jti, now, lifetime) = claims;
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(now + lifetime);
        var scope = grant.Scopes.Count == 1 ? grant.Scopes[0] : string.Join(' ', grant.Scopes);

        var payload = _writers.Get();
        try
        {
            var json = payload.Json;
            json.WriteStartObject();
            json.WriteString(JwtClaimNames.Issuer, uris.Issuer);
            json.WriteString(JwtClaimNames.Subject, grant.Subject);
            json.WriteString(JwtClaimNames.Audience, grant.Audience);
            json.WriteNumber(JwtClaimNames.ExpirationTime, now + lifetime);
            json.WriteNumber(JwtClaimNames.IssuedAt, now);
            json.WriteString(JwtClaimNames.JwtId, jti);
            json.WriteString(JwtClaimNames.ClientId, grant.ClientId);
            if (scope.Length > 0)
            {
                json.WriteString(JwtClaimNames.Scope, scope);
            }

            ActorChain.Write(json, grant.Actors);
            if (grant.AuthorizationDetails is not null)
            {
                // RFC 9396 §9.1: the granted authorization_details as a top-level claim (validated, compact JSON).
                json.WritePropertyName(OAuthParameters.AuthorizationDetails);
                json.WriteRawValue(grant.AuthorizationDetails, skipInputValidation: true);
            }

            if (grant.ParentTokenId is not null)
            {
                json.WriteString(JwtClaimNames.ParentTokenId, grant.ParentTokenId);
            }

            if (grant.KeyThumbprint is not null)
            {
                // RFC 9449 §6.1: {"cnf":{"jkt":thumbprint}} binds the token to the proof key.
                json.WriteStartObject(JwtClaimNames.Confirmation);
                json.WriteString(JwtClaimNames.JwkThumbprint, grant.KeyThumbprint);
                json.WriteEndObject();
            }

            if (status is { } reference)
            {
                WriteStatus(json, reference);
            }

            json.WriteEndObject();
            json.Flush();

            var token = Mandate.Jose.Jws.JwsWriter.CreateCompact(key, TokenTypes.AccessTokenJwtType, payload.Buffer.WrittenSpan);
            return new TokenResponse
            {
                AccessToken = token,
                TokenType = grant.KeyThumbprint is null ? TokenTypes.Bearer : TokenTypes.DPoP,
                ExpiresIn = lifetime,
                Scope = scope,
                TokenId = jti,
                KeyId = key.KeyId,
                IssuedTokenType = grant.IssuedTokenType,
                AuthorizationDetails = grant.AuthorizationDetails,
            };
        }
        finally
        {
            _writers.Return(payload);
        }
    }

    // draft-ietf-oauth-status-list §6.2: {"status":{"status_list":{"idx":n,"uri":"..."}}}.
    private static void WriteStatus(Utf8JsonWriter json, StatusReference status)
    {
        json.WriteStartObject(StatusListNames.Status);
        json.WriteStartObject(StatusListNames.StatusList);
        json.WriteNumber(StatusListNames.Index, status.Index);
        json.WriteString(StatusListNames.Uri, status.Uri);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private readonly record struct TokenClaims(Mandate.Jose.Jws.SigningKey Key, string TokenId, long IssuedAt, long Lifetime);

    private sealed class PayloadWriter
    {
        public PayloadWriter()
        {
            Buffer = new ArrayBufferWriter<byte>(512);
            Json = new Utf8JsonWriter(Buffer, new JsonWriterOptions { SkipValidation = true });
        }

        public ArrayBufferWriter<byte> Buffer { get; }

        public Utf8JsonWriter Json { get; }

        public void Reset()
        {
            Buffer.ResetWrittenCount();
            Json.Reset(Buffer);
        }
    }

    private sealed class PayloadWriterPolicy : PooledObjectPolicy<PayloadWriter>
    {
        public override PayloadWriter Create() => new();

        public override bool Return(PayloadWriter obj)
        {
            obj.Reset();
            return true;
        }
    }
}
