// RFC 7591 §3 registration and RFC 7592 §2 read/update/delete of registered clients. A registered client is an
// agent (same owner, policy, expiry and limits), created through AgentService; beside it the store keeps the keyed
// hash of its registration access token, which is replaced on every read and update (RFC 7592 §3 returns a token
// in each response; only a hash is stored, so each response carries a new one) by a compare-and-swap, so of two
// requests presenting the same token only one succeeds.
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.Registration;

internal sealed class ClientRegistrationService(
    IClientRegistrationStore store,
    AgentService agents,
    ClientMetadataValidator validator,
    RegistrationCredentials credentials,
    TimeProvider timeProvider)
{
    /// <summary>The actor recorded for changes made through registration: the initial access token, or the client itself.</summary>
    public static string Actor(string id) => "registration:" + id;

    public async Task<RegistrationOutcome> RegisterAsync(InitialAccessToken token, ClientMetadata metadata, CancellationToken cancellationToken)
    {
        var (accepted, error) = validator.Validate(metadata, RegistrationPolicy.From(token));
        if (accepted is null)
        {
            return RegistrationOutcome.Failed(error!);
        }

        // Counted after validation, so a malformed request does not use up a single-use token; atomic in the store.
        if (!await store.TryUseInitialAccessTokenAsync(token.Id, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return RegistrationOutcome.Failed(RegistrationErrors.InitialAccessToken, StatusCodes.Status401Unauthorized);
        }

        var created = await agents.CreateAsync(new AgentRegistration
        {
            Name = accepted.Name,
            Owner = accepted.Owner,
            Scopes = accepted.Scopes,
            // RFC 7591 §2: scope lists what the client can use when requesting tokens; a request naming none gets them all.
            DefaultScopes = accepted.Scopes,
            Audiences = token.Audiences,
            GrantTypes = accepted.GrantTypes,
            Jwks = accepted.Jwks,
        }, cancellationToken, Actor(token.Id)).ConfigureAwait(false);
        if (created.Error is { } refused)
        {
            return RegistrationOutcome.Failed(RegistrationErrors.Policy(refused.Description));
        }

        var agent = created.Agent!;
        var accessToken = RegistrationCredentials.NewRegistrationAccessToken();
        var now = timeProvider.GetUtcNow();
        await store.TryAddRegistrationAsync(new ClientRegistration
        {
            ClientId = agent.Id,
            AccessTokenHash = credentials.Hash(accessToken),
            Metadata = Serialize(accepted.Stored),
            InitialAccessTokenId = token.Id,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        return new RegistrationOutcome(agent, accepted.Stored, created.ClientSecret, accessToken, null, StatusCodes.Status201Created);
    }

    /// <summary>The client and its registration when <paramref name="accessToken"/> is its current registration access token; null otherwise.</summary>
    public async Task<(Agent Agent, ClientRegistration Registration)?> AuthenticateAsync(string clientId, string accessToken, CancellationToken cancellationToken)
    {
        var registration = await store.FindRegistrationAsync(clientId, cancellationToken).ConfigureAwait(false);
        if (!credentials.Verify(accessToken, registration?.AccessTokenHash) || registration is null)
        {
            return null;
        }

        var agent = await agents.GetAsync(clientId, cancellationToken).ConfigureAwait(false);
        return agent.Agent is { Status: not AgentStatus.Decommissioned } found ? (found, registration) : null;
    }

    /// <summary>RFC 7592 §2.1: the current configuration, with a new registration access token.</summary>
    public async Task<RegistrationOutcome> ReadAsync(Agent agent, ClientRegistration registration, CancellationToken cancellationToken)
    {
        var metadata = Deserialize(registration.Metadata);
        var rotated = await RotateAsync(registration, metadata, cancellationToken).ConfigureAwait(false);
        return rotated is null
            ? RegistrationOutcome.Failed(RegistrationErrors.Concurrent, StatusCodes.Status409Conflict)
            : new RegistrationOutcome(agent, metadata, null, rotated, null, StatusCodes.Status200OK);
    }

    /// <summary>RFC 7592 §2.2: replaces the client's metadata (omitted fields return to their defaults).</summary>
    public async Task<RegistrationOutcome> UpdateAsync(Agent agent, ClientRegistration registration, ClientMetadata metadata, CancellationToken cancellationToken)
    {
        if (!string.Equals(metadata.ClientId, agent.Id, StringComparison.Ordinal))
        {
            return RegistrationOutcome.Failed(RegistrationErrors.ClientIdMismatch);
        }

        // RFC 7592 §2.2: a client_secret in the request MUST match the current one.
        if (metadata.ClientSecret is { } secret && !credentials.Verify(secret, agent.SecretHash))
        {
            return RegistrationOutcome.Failed(RegistrationErrors.SecretMismatch);
        }

        var token = registration.InitialAccessTokenId is { } id ? await store.FindInitialAccessTokenAsync(id, cancellationToken).ConfigureAwait(false) : null;
        var (accepted, error) = validator.Validate(metadata, token is null ? RegistrationPolicy.From(agent) : RegistrationPolicy.From(token));
        if (accepted is null)
        {
            return RegistrationOutcome.Failed(error!);
        }

        if ((accepted.Jwks is null) != (agent.Jwks is null))
        {
            return RegistrationOutcome.Failed(RegistrationErrors.AuthFamilyChange);
        }

        var revised = await agents.ReviseAsync(agent.Id, current => current.Status == AgentStatus.Decommissioned
            ? AgentError.NotFound
            : new AgentOutcome(current with
            {
                Name = accepted.Name,
                Owner = accepted.Owner,
                AllowedScopes = [.. accepted.Scopes.Distinct(StringComparer.Ordinal)],
                DefaultScopes = [.. accepted.Scopes.Distinct(StringComparer.Ordinal)],
                AllowedGrantTypes = accepted.GrantTypes,
                Jwks = accepted.Jwks ?? current.Jwks,
            }, null, null), "registration-updated", Actor(agent.Id), cancellationToken).ConfigureAwait(false);
        if (revised.Agent is null)
        {
            return RegistrationOutcome.Failed(RegistrationErrors.Concurrent, StatusCodes.Status409Conflict);
        }

        var rotated = await RotateAsync(registration, accepted.Stored, cancellationToken).ConfigureAwait(false);
        return rotated is null
            ? RegistrationOutcome.Failed(RegistrationErrors.Concurrent, StatusCodes.Status409Conflict)
            : new RegistrationOutcome(revised.Agent, accepted.Stored, null, rotated, null, StatusCodes.Status200OK);
    }

    /// <summary>RFC 7592 §2.3: decommissions the client (its tokens are revoked) and forgets its registration.</summary>
    public async Task DeleteAsync(Agent agent, CancellationToken cancellationToken)
    {
        await agents.DecommissionAsync(agent.Id, cancellationToken, Actor(agent.Id)).ConfigureAwait(false);
        await store.RemoveRegistrationAsync(agent.Id, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<string?> RotateAsync(ClientRegistration registration, StoredClientMetadata metadata, CancellationToken cancellationToken)
    {
        var next = RegistrationCredentials.NewRegistrationAccessToken();
        var replaced = registration with { AccessTokenHash = credentials.Hash(next), Metadata = Serialize(metadata), UpdatedAt = timeProvider.GetUtcNow() };
        return await store.TryReplaceAsync(replaced, registration.AccessTokenHash, cancellationToken).ConfigureAwait(false) ? next : null;
    }

    private static string Serialize(StoredClientMetadata metadata) => JsonSerializer.Serialize(metadata, RegistrationJsonContext.Default.StoredClientMetadata);

    private static StoredClientMetadata Deserialize(string json) =>
        JsonSerializer.Deserialize(json, RegistrationJsonContext.Default.StoredClientMetadata) ?? new StoredClientMetadata();
}
