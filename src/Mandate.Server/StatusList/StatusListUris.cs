using Microsoft.Extensions.Options;

namespace Mandate.Server.StatusList;

/// <summary>The URIs of the status lists, computed once: <c>{issuer}/statuslists/{n}</c> for n from 1.</summary>
internal sealed class StatusListUris
{
    private readonly string[] _lists;

    public StatusListUris(IssuerUris issuer, IOptions<StatusListOptions> options)
    {
        Aggregation = issuer.Issuer + "/statuslists";
        _lists = [.. Enumerable.Range(1, options.Value.ListCount).Select(n => Aggregation + "/" + n.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>draft-ietf-oauth-status-list §9: the Status List Aggregation endpoint.</summary>
    public string Aggregation { get; }

    /// <summary>Every list URI, list 1 first.</summary>
    public IReadOnlyList<string> All => _lists;

    /// <summary>The URI of list <paramref name="listId"/> (1-based).</summary>
    public string For(int listId) => _lists[listId - 1];
}
