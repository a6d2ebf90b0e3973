// Agent lifecycle for the admin API: register, suspend/resume/decommission, rotate the secret.
// Every write goes through the store with optimistic concurrency and then updates this node's cache,
// so the token endpoint sees the change on its next request.
using Mandate.Protocol;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.Revocation;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Agents;

internal sealed class AgentService(
    IAgentStore store,
    AgentCache cache,
    AgentPolicyValidator validator,
    ClientSecretHasher hasher,
    RevocationService revocations,
    IEnumerable<IAgentLifecycleObserver> observers,
    TimeProvider timeProvider,
    IOptions<MandateServerOptions> options,
    Microsoft.Extensions.Logging.ILogger<AgentService> logger)
{
    private const int MaxUpdateAttempts = 5;

    private readonly IAgentLifecycleObserver[] _observers = [.. observers];

    public async Task<AgentOutcome> CreateAsync(AgentRegistration registration, CancellationToken cancellationToken, string? actorClientId = null)
    {
        if (validator.Validate(registration) is { } error)
        {
            return error;
        }

        var id = AgentIdGenerator.Create();
        var secret = registration.Jwks is null ? ClientSecretGenerator.Create() : null;
        var agent = new Agent
        {
            Id = id,
            ClientId = id,
            Name = registration.Name!,
            Owner = registration.Owner,
            AllowedScopes = Distinct(registration.Scopes!),
            DefaultScopes = Distinct(registration.DefaultScopes ?? []),
            AllowedAudiences = Distinct(registration.Audiences!),
            AllowedGrantTypes = Distinct(registration.GrantTypes ?? [GrantTypes.ClientCredentials]),
            TokenLifetime = registration.TokenLifetimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.Value.DefaultAccessTokenLifetime,
            ExpiresAt = AgentExpiry.Resolve(registration.ExpiresAt, timeProvider.GetUtcNow(), options.Value),
            CreatedAt = timeProvider.GetUtcNow(),
            SecretHash = secret is null ? null : hasher.Hash(secret),
            Jwks = registration.Jwks,
            Dpop = registration.Dpop,
            Status = AgentStatus.Active,
        };

        await store.CreateAsync(agent, cancellationToken).ConfigureAwait(false);
        cache.Set(agent);
        return await NotifyAsync(new AgentOutcome(agent, secret, null), "create", actorClientId).ConfigureAwait(false);
    }

    public async Task<AgentOutcome> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } agent ? new AgentOutcome(agent, null, null) : AgentError.NotFound;

    public ValueTask<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>One page of agents; see <see cref="IAgentStore.ListPageAsync"/>.</summary>
    public ValueTask<AgentPage> ListPageAsync(AgentQuery query, CancellationToken cancellationToken) => store.ListPageAsync(query, cancellationToken);

    /// <summary>Suspends the agent and revokes all its outstanding tokens (a not-before mark).</summary>
    public async Task<AgentOutcome> SuspendAsync(string id, CancellationToken cancellationToken, string? actorClientId = null, string reason = "suspend") =>
        await MarkAsync(await UpdateAsync(id, static agent => agent.Status == AgentStatus.Decommissioned
            ? Conflict("A decommissioned agent cannot be suspended.")
            : new AgentOutcome(agent with { Status = AgentStatus.Suspended }, null, null), cancellationToken).ConfigureAwait(false), actorClientId, reason).ConfigureAwait(false);

    public async Task<AgentOutcome> ResumeAsync(string id, CancellationToken cancellationToken, string? actorClientId = null) =>
        await NotifyAsync(await UpdateAsync(id, static agent => agent.Status == AgentStatus.Decommissioned
            ? Conflict("A decommissioned agent cannot be resumed.")
            : new AgentOutcome(agent with { Status = AgentStatus.Active }, null, null), cancellationToken).ConfigureAwait(false), "resume", actorClientId).ConfigureAwait(false);

    /// <summary>Permanent: also drops the secret hash and keys, so the credentials are useless even if restored,
    /// and revokes all its outstanding tokens.</summary>
    public async Task<AgentOutcome> DecommissionAsync(string id, CancellationToken cancellationToken, string? actorClientId = null) =>
        await MarkAsync(await UpdateAsync(id, static agent => new AgentOutcome(agent with { Status = AgentStatus.Decommissioned, SecretHash = null, Jwks = null }, null, null), cancellationToken).ConfigureAwait(false), actorClientId, "decommission").ConfigureAwait(false);

    /// <summary>Replaces the secret; with <paramref name="revokeTokens"/> also revokes every token issued so far.</summary>
    public async Task<AgentOutcome> RotateSecretAsync(string id, CancellationToken cancellationToken, bool revokeTokens = false, string? actorClientId = null)
    {
        var secret = ClientSecretGenerator.Create();
        var hash = hasher.Hash(secret);
        var outcome = await UpdateAsync(id, agent => agent.Status == AgentStatus.Decommissioned
            ? Conflict("A decommissioned agent cannot get a new secret.")
            : new AgentOutcome(agent with { SecretHash = hash }, secret, null), cancellationToken).ConfigureAwait(false);
        return revokeTokens
            ? await MarkAsync(outcome, actorClientId, "rotate-secret-revoke-tokens").ConfigureAwait(false)
            : await NotifyAsync(outcome, "rotate-secret", actorClientId).ConfigureAwait(false);
    }

    /// <summary>Applies <paramref name="change"/> to the stored agent with optimistic concurrency, then tells the observers
    /// (an RFC 7592 §2.2 update of a registered client).</summary>
    public async Task<AgentOutcome> ReviseAsync(string id, Func<Agent, AgentOutcome> change, string action, string? actorClientId, CancellationToken cancellationToken) =>
        await NotifyAsync(await UpdateAsync(id, change, cancellationToken).ConfigureAwait(false), action, actorClientId).ConfigureAwait(false);

    private async Task<AgentOutcome> MarkAsync(AgentOutcome outcome, string? actorClientId, string reason)
    {
        if (outcome.Agent is { } agent)
        {
            // Not cancellable: the status change is stored, so its revocation must be too.
            await revocations.MarkAgentAsync(agent.Id, actorClientId, reason, CancellationToken.None).ConfigureAwait(false);
        }

        return await NotifyAsync(outcome, reason, actorClientId).ConfigureAwait(false);
    }

    private async Task<AgentOutcome> NotifyAsync(AgentOutcome outcome, string action, string? actorClientId)
    {
        if (outcome.Agent is { } agent)
        {
            foreach (var observer in _observers)
            {
                try
                {
                    await observer.OnAgentChangedAsync(agent, action, actorClientId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.LifecycleObserverFailed(logger, exception, agent.Id, action);
                }
            }
        }

        return outcome;
    }

    private static AgentError Conflict(string description) => new(409, "conflict", description);

    private async Task<AgentOutcome> UpdateAsync(string id, Func<Agent, AgentOutcome> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var current = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return AgentError.NotFound;
            }

            var outcome = change(current);
            if (outcome.Error is not null || outcome.Agent is null)
            {
                return outcome;
            }

            if (await store.UpdateAsync(outcome.Agent, current.Version, cancellationToken).ConfigureAwait(false))
            {
                var stored = outcome.Agent with { Version = current.Version + 1 };
                cache.Set(stored);
                return outcome with { Agent = stored };
            }
        }

        return Conflict("The agent was changed concurrently; retry.");
    }

    private static string[] Distinct(IReadOnlyList<string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (seen.Add(value))
            {
                result.Add(value);
            }
        }

        return [.. result];
    }
}
