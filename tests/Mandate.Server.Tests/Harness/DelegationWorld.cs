using System.Text.Json;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Grants.TokenExchange;
using Mandate.Storage;

namespace Mandate.Server.Tests.Harness;

/// <summary>
/// A server with a delegation cast: orchestrator → sub-agent → worker, plus an unrelated agent (mallory).
/// Each agent may use client_credentials and token exchange; the orchestrator may address the sub-agent, which
/// may address the worker.
/// </summary>
internal sealed class DelegationWorld : IAsyncDisposable
{
    public static readonly string[] AllScopes = ["invoices:read", "invoices:write", "mail:send", "files:read"];

    private DelegationWorld(ServerHarness server) => Server = server;

    public ServerHarness Server { get; }

    public Agent Orchestrator { get; private set; } = null!;
    public Agent SubAgent { get; private set; } = null!;
    public Agent Worker { get; private set; } = null!;
    public Agent Mallory { get; private set; } = null!;

    private readonly Dictionary<string, string> _basic = new(StringComparer.Ordinal);

    public static async Task<DelegationWorld> CreateAsync(Action<TokenExchangeOptions>? configure = null, Action<MandateServerOptions>? server = null)
    {
        var harness = await ServerHarness.CreateAsync(server, services =>
        {
            if (configure is not null)
            {
                Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure(services, configure);
            }
        });
        var world = new DelegationWorld(harness);
        world.Worker = await world.AddAsync("worker", ["invoices:read", "files:read"], [ServerHarness.Api], 300);
        world.SubAgent = await world.AddAsync("sub-agent", ["invoices:read", "invoices:write", "files:read"], [ServerHarness.Api, AgentAudience.For(world.Worker.Id)], 600);
        world.Orchestrator = await world.AddAsync("orchestrator", ["invoices:read", "invoices:write", "mail:send"], [ServerHarness.Api, AgentAudience.For(world.SubAgent.Id)], 900);
        world.Mallory = await world.AddAsync("mallory", AllScopes, [ServerHarness.Api], 900);
        return world;
    }

    public IReadOnlyList<Agent> Agents => [Orchestrator, SubAgent, Worker, Mallory];

    private async Task<Agent> AddAsync(string name, string[] scopes, string[] audiences, int lifetimeSeconds)
    {
        var (agent, secret) = await Server.CreateAgentAsync(new AgentRegistration
        {
            Name = name,
            Scopes = scopes,
            Audiences = audiences,
            TokenLifetimeSeconds = lifetimeSeconds,
            GrantTypes = [GrantTypes.ClientCredentials, GrantTypes.TokenExchange],
        });
        _basic[agent.Id] = ServerHarness.Basic(agent.ClientId, secret!);
        return agent;
    }

    /// <summary>client_credentials for <paramref name="agent"/>.</summary>
    public Task<HttpResult> ClientCredentialsAsync(Agent agent, string resource, string? scope = null)
    {
        var form = new List<(string, string)> { ("grant_type", GrantTypes.ClientCredentials), ("resource", resource) };
        if (scope is not null)
        {
            form.Add(("scope", scope));
        }

        return Server.PostTokenAsync(ServerHarness.Form([.. form]), _basic[agent.Id]);
    }

    /// <summary>An RFC 8693 exchange by <paramref name="client"/>; extra pairs are appended as given.</summary>
    public Task<HttpResult> ExchangeAsync(Agent client, string subjectToken, params (string Name, string Value)[] extra) =>
        ExchangeAsync(client, subjectToken, TokenTypes.AccessToken, extra);

    /// <summary>An RFC 8693 exchange with an explicit subject_token_type.</summary>
    public Task<HttpResult> ExchangeAsync(Agent client, string subjectToken, string subjectTokenType, params (string Name, string Value)[] extra)
    {
        var form = new List<(string, string)>
        {
            ("grant_type", GrantTypes.TokenExchange),
            ("subject_token", subjectToken),
            ("subject_token_type", subjectTokenType),
        };
        form.AddRange(extra);
        return Server.PostTokenAsync(ServerHarness.Form([.. form]), _basic[client.Id]);
    }

    /// <summary>The act chain of a token, newest first.</summary>
    public static List<string> Actors(string jwt)
    {
        var list = new List<string>();
        var payload = JwtParts.Payload(jwt);
        while (payload.TryGetProperty("act", out var act))
        {
            list.Add(act.GetProperty("sub").GetString()!);
            payload = act;
        }

        return list;
    }

    public static HashSet<string> Scopes(string jwt) =>
        JwtParts.Payload(jwt).TryGetProperty("scope", out var s) ? [.. s.GetString()!.Split(' ')] : [];

    public static long Exp(string jwt) => JwtParts.Payload(jwt).GetProperty("exp").GetInt64();

    public static string Claim(string jwt, string name) => JwtParts.Payload(jwt).GetProperty(name).ValueKind == JsonValueKind.String
        ? JwtParts.Payload(jwt).GetProperty(name).GetString()!
        : JwtParts.Payload(jwt).GetProperty(name).GetRawText();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
