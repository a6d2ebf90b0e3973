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
/// the audit log's group commit for SQLite's single write lock. The set is bounded; when full it is cleared and
/// refilled from the store's answers.
/// </remarks>
internal sealed class NetworkRule(IAgentMonitoringStore store, GeoIpCountryLookup geoIp, IOptions<AnomalyOptions> options) : IAnomalyRule
{
    private const int MaxRememberedNetworks = 100_000;

    private readonly HashSet<(string AgentId, string Network)> _stored = [];
    private readonly Lock _storedGate = new();

    public async ValueTask EvaluateAsync(AnomalyInput input, List<AnomalyAlert> alerts, CancellationToken cancellationToken)
    {
        var address = MonitoringPolicyRules.ParseAddress(input.Record.ClientAddress);
        if (address is null)
        {
            return;
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
            return;
        }

        // False when the store already held the pair (learned before a restart): remembered either way.
        var added = await store.TryAddNetworkAsync(input.AgentId, network, input.Record.Timestamp, cancellationToken).ConfigureAwait(false);
        Remember(input.AgentId, network);
        if (added && await store.CountNetworksAsync(input.AgentId, cancellationToken).ConfigureAwait(false) > 1)
        {
            var country = geoIp.Find(address);
            alerts.Add(AnomalyAlert.For(input.Record, input.AgentId, AnomalyRules.NewNetwork, settings.NewNetworkSeverity,
                "Token issued to a network never seen for this agent: " + network + (country is null ? "." : " (" + country + ")."), network,
                Details(network, country)));
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
}
