// Initial access tokens (RFC 7591 §3): created, listed and revoked by operators through the admin API, and
// authenticated at /register. A token's policy (scopes, audiences, grant types, owner) caps every client registered
// with it; its use count and expiry are checked atomically by the store when a registration consumes it.
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Grants;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Registration;

internal sealed class InitialAccessTokenService(
    IClientRegistrationStore store, RegistrationCredentials credentials, GrantHandlerRegistry grants, TimeProvider timeProvider, IOptions<ClientRegistrationOptions> options)
{
    private const int MaxListLength = 100;
    private const int MaxUsesLimit = 1_000_000;
    private static readonly TimeSpan MinLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Creates a token; the value is returned once and only its keyed hash is stored.</summary>
    public async Task<(InitialAccessToken? Token, string? Value, AgentError? Error)> CreateAsync(InitialAccessTokenRequest request, string? createdBy, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } error)
        {
            return (null, null, error);
        }

        var now = timeProvider.GetUtcNow();
        var (id, value) = credentials.NewInitialAccessToken();
        var token = new InitialAccessToken
        {
            Id = id,
            SecretHash = credentials.Hash(value),
            Scopes = [.. request.Scopes!.Distinct(StringComparer.Ordinal)],
            Audiences = [.. request.Audiences!.Distinct(StringComparer.Ordinal)],
            GrantTypes = [.. (request.GrantTypes ?? [GrantTypes.ClientCredentials]).Distinct(StringComparer.Ordinal)],
            Owner = request.Owner,
            ExpiresAt = now + TimeSpan.FromSeconds(request.ExpiresInSeconds!.Value),
            MaxUses = request.MaxUses,
            CreatedAt = now,
            CreatedBy = createdBy,
        };
        return await store.TryAddInitialAccessTokenAsync(token, cancellationToken).ConfigureAwait(false)
            ? (token, value, null)
            : throw new InvalidOperationException("A random initial access token id collided.");
    }

    public ValueTask<IReadOnlyList<InitialAccessToken>> ListAsync(CancellationToken cancellationToken) => store.ListInitialAccessTokensAsync(cancellationToken);

    public async Task<(InitialAccessToken? Token, AgentError? Error)> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.RevokeInitialAccessTokenAsync(id, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return (await store.FindInitialAccessTokenAsync(id, cancellationToken).ConfigureAwait(false), null);
        }

        return await store.FindInitialAccessTokenAsync(id, cancellationToken).ConfigureAwait(false) is null
            ? (null, InitialAccessTokenErrors.NotFound)
            : (null, InitialAccessTokenErrors.AlreadyRevoked);
    }

    /// <summary>
    /// The token whose value is <paramref name="value"/>, when it exists and is usable now (not revoked, not
    /// expired, not used up); null otherwise. The hash is compared even for an unknown id, so timing does not tell.
    /// </summary>
    public async Task<InitialAccessToken?> AuthenticateAsync(string value, CancellationToken cancellationToken)
    {
        var id = RegistrationCredentials.InitialAccessTokenId(value);
        var token = id is null ? null : await store.FindInitialAccessTokenAsync(id, cancellationToken).ConfigureAwait(false);
        if (!credentials.Verify(value, token?.SecretHash) || token is null)
        {
            return null;
        }

        return token.RevokedAt is null && timeProvider.GetUtcNow() < token.ExpiresAt && !(token.Uses >= token.MaxUses) ? token : null;
    }

    private AgentError? Validate(InitialAccessTokenRequest request)
    {
        if (request.Scopes is not { Count: > 0 and <= MaxListLength } scopes || !scopes.All(static s => s is { Length: <= 256 } && ScopeSet.IsScopeToken(s)))
        {
            return InitialAccessTokenErrors.Scopes;
        }

        if (request.Audiences is not { Count: > 0 and <= MaxListLength } audiences || !audiences.All(AgentPolicyValidator.IsResourceUri))
        {
            return InitialAccessTokenErrors.Audiences;
        }

        if (request.GrantTypes is { } grantTypes && (grantTypes.Count == 0 || !grantTypes.All(g => g is not null && grants.TryGet(g, out _))))
        {
            return InitialAccessTokenErrors.GrantTypes;
        }

        if (request.Owner is { } owner && (owner.Length is 0 or > 256 || owner.Any(char.IsControl)))
        {
            return InitialAccessTokenErrors.Owner;
        }

        if (request.ExpiresInSeconds is not { } seconds || seconds < MinLifetime.TotalSeconds || seconds > options.Value.MaxInitialAccessTokenLifetime.TotalSeconds)
        {
            return InitialAccessTokenErrors.Expiry;
        }

        return request.MaxUses is < 1 or > MaxUsesLimit ? InitialAccessTokenErrors.MaxUses : null;
    }
}
