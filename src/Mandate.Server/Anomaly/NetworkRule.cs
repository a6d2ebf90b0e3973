using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

/// <summary>
/// <c>network_not_allowed</c>: any request by the agent from outside its policy's CIDR allow-list.
/// <c>new_network</c>: a granted request from a network (IPv4 /24, IPv6 /48 by default) the agent never got a
/// token from; the agent's first network is learned silently. Known networks are stored
/// (<see cref="IAgentMonitoringStore"/>) so a restart does not alert again. The country comes from the
/// optional GeoIP file.
/// </summary>
/// <remarks>
/// Pairs (agent, network) already stored are remembered in memory, so the steady state (an agent getting tokens from
/// its usual networks) costs a set lookup, not a store write per issued token: a write per token would compete with
/// the audit log's group commit for SQLite's single write lock. A pair not yet remembered is queued, and the queue is
/// written in one store transaction (<see cref="IAgentMonitoringStore.AddNetworksAsync"/>) when the detector flushes
/// (<see cref="IBatchedAnomalyRule"/>), so a fleet starting at once, or many agents moving network together, costs one
/// write per batch, not per agent; the new_network alert follows the write, at most about a second later. A crash
/// loses only the queue, not yet written: those pairs are learned again, and may alert again, after the restart.
/// The remembered set is bounded; when full it is cleared and refilled from the store's answers.
/// </remarks>
internal sealed class NetworkRule(IAgentMonitoringStore store, GeoIpCountryLookup geoIp, IOptions<AnomalyOptions> options, TimeProvider timeProvider)
    : IBatchedAnomalyRule
{
    private const int MaxRememberedNetworks = 100_000;

    private readonly HashSet<(string AgentId, string Network)> _stored = [];
    private readonly Lock _storedGate = new();
    private readonly List<Sighting> _queued = [];

    /// <inheritdoc />
    public int Pending => _queued.Count;

    /// <inheritdoc />
    public DateTimeOffset OldestQueuedAt { get; private set; }

    public ValueTask EvaluateAsync(AnomalyInput input, List<AnomalyAlert> alerts, CancellationToken cancellationToken)
    {
        var address = MonitoringPolicyRules.ParseAddress(input.Record.ClientAddress);
        if (address is null)
        {
            return ValueTask.CompletedTask;
        }

        var settings = options.Value.Network;
        var network = MonitoringPolicyRules.NetworkOf(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? settings.IPv4PrefixLength : settings.IPv6PrefixLength).ToString();
        if (input.Policy is { AllowedCidrs.Count: > 0 } policy && !IsAllowed(address, policy.AllowedCidrs))
        {
            alerts.Add(AnomalyAlert.For(input.Record, input.AgentId, AnomalyRules.NetworkNotAllowed, settings.NotAllowedSeverity,
                "Request from " + network + ", outside the agent's allowed networks.", network,
                Details(network, geoIp.Find(address), ("allowed_cidrs", string.Join(' ', policy.AllowedCidrs)))));
        }

        if (!input.Issued || IsKnown(input.AgentId, network))
        {
            return ValueTask.CompletedTask;
        }

        // Remembered at once, so the agent's next requests from this network do not queue it again.
        Remember(input.AgentId, network);
        if (_queued.Count == 0)
        {
            OldestQueuedAt = timeProvider.GetUtcNow();
        }

        _queued.Add(new Sighting(input, network, address));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(List<(AnomalyAlert Alert, AnomalyInput Input)> alerts, CancellationToken cancellationToken)
    {
        if (_queued.Count == 0)
        {
            return;
        }

        var batch = _queued.ToArray();
        _queued.Clear();
        var sightings = new AgentNetworkSighting[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            sightings[i] = new AgentNetworkSighting(batch[i].Input.AgentId, batch[i].Network, batch[i].Input.Record.Timestamp);
        }

        IReadOnlyList<int> known;
        try
        {
            known = await store.AddNetworksAsync(sightings, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Forget(batch);
            throw;
        }

        var settings = options.Value.Network;
        for (var i = 0; i < batch.Length; i++)
        {
            // 0: the store already held the pair (learned before a restart, or by another node); 1: the agent's first network.
            if (known[i] > 1)
            {
                var (input, network, address) = batch[i];
                var country = geoIp.Find(address);
                alerts.Add((AnomalyAlert.For(input.Record, input.AgentId, AnomalyRules.NewNetwork, settings.NewNetworkSeverity,
                    "Token issued to a network never seen for this agent: " + network + (country is null ? "." : " (" + country + ")."), network,
                    Details(network, country)), input));
            }
        }
    }

    private bool IsKnown(string agentId, string network)
    {
        lock (_storedGate)
        {
            if (_stored.Contains((agentId, network)))
            {
                return true;
            }
        }

        return false;
    }

    private void Remember(string agentId, string network)
    {
        lock (_storedGate)
        {
            if (_stored.Count >= MaxRememberedNetworks)
            {
                _stored.Clear();
            }

            _stored.Add((agentId, network));
        }
    }

    private void Forget(Sighting[] batch)
    {
        lock (_storedGate)
        {
            foreach (var sighting in batch)
            {
                _stored.Remove((sighting.Input.AgentId, sighting.Network));
            }
        }
    }

    private static bool IsAllowed(System.Net.IPAddress address, IReadOnlyList<string> cidrs)
    {
        foreach (var cidr in cidrs)
        {
            if (MonitoringPolicyRules.TryParseCidr(cidr, out var block) && block.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static (string, string)[] Details(string network, string? country, (string, string)? extra = null)
    {
        var details = new List<(string, string)> { ("network", network) };
        if (country is not null)
        {
            details.Add(("country", country));
        }

        if (extra is { } e)
        {
            details.Add(e);
        }

        return [.. details];
    }

    private readonly record struct Sighting(AnomalyInput Input, string Network, System.Net.IPAddress Address);
}
