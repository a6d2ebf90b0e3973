// GET /admin/agents query: limit (1..1000, default 1000), cursor (from the previous page's Link), owner, status.
// The body stays a JSON array of agents; when more agents match, an RFC 8288 Link header with rel="next" names the
// next page's URL, so a client pages through any number of agents and the server reads one page at a time.
using System.Globalization;
using Mandate.Server.Endpoints;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

using Mandate.Server;

namespace Mandate.Admin;

internal static class AdminAgentListQuery
{
    public static (AgentQuery? Query, OAuthErrorResult? Failure) Parse(HttpRequest request)
    {
        var query = request.Query;
        foreach (var name in (string[])["limit", "cursor", "owner", "status"])
        {
            if (query[name].Count > 1)
            {
                return (null, AdminHttp.Invalid("MND2953: a query parameter is repeated."));
            }
        }

        var limit = AgentCursor.MaxLimit;
        if (One(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > AgentCursor.MaxLimit))
        {
            return (null, AdminHttp.Invalid("MND2950: limit must be an integer between 1 and 1000."));
        }

        var cursor = One(query, "cursor");
        if (cursor is not null && !AgentCursor.TryParse(cursor, out _, out _))
        {
            return (null, AdminHttp.Invalid("MND2951: cursor is not valid; use the URL of the previous page's Link header."));
        }

        AgentStatus? status = One(query, "status") switch
        {
            null => null,
            "active" => AgentStatus.Active,
            "suspended" => AgentStatus.Suspended,
            "decommissioned" => AgentStatus.Decommissioned,
            _ => (AgentStatus)(-1),
        };
        if (status == (AgentStatus)(-1))
        {
            return (null, AdminHttp.Invalid("MND2952: status must be active, suspended or decommissioned."));
        }

        return (new AgentQuery { Limit = limit, Cursor = cursor, Owner = One(query, "owner"), Status = status }, null);
    }

    /// <summary>The RFC 8288 Link header value naming the next page of <paramref name="query"/>.</summary>
    public static string NextLink(HttpRequest request, AgentQuery query, string nextCursor, (string Name, string Value)? extra = null)
    {
        var parameters = new List<KeyValuePair<string, string?>>
        {
            new("limit", query.Limit.ToString(CultureInfo.InvariantCulture)),
            new("cursor", nextCursor),
        };
        if (query.Owner is not null)
        {
            parameters.Add(new("owner", query.Owner));
        }

        if (query.Status is { } status)
        {
            parameters.Add(new("status", status.ToString().ToLowerInvariant()));
        }

        if (extra is { } more)
        {
            parameters.Add(new(more.Name, more.Value));
        }

        var url = request.PathBase + request.Path + QueryString.Create(parameters).ToUriComponent();
        return "<" + url + ">; rel=\"next\"";
    }

    private static string? One(IQueryCollection query, string name) =>
        query.TryGetValue(name, out StringValues values) && values.Count == 1 ? values[0] : null;
}
