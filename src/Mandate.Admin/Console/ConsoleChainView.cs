// The HTML of a delegation chain: an ordered list from the token the chain started with (its holder is the
// subject every later token acts for) through each exchange to this token and the API it is for, then the tree
// of tokens derived from this one. Plain nested lists and links, so it reads in order with a screen reader and
// every hop is reachable with the keyboard.
using System.Text;
using Mandate.Server.Revocation;
using Mandate.Storage;

namespace Mandate.Admin.Console;

internal static class ConsoleChainView
{
    public static string Render(ConsoleChain chain, RevocationList revocations, DateTimeOffset now)
    {
        var html = new StringBuilder(4096).Append("<h2 id=\"chain\">Delegation chain</h2>");
        if (chain.AncestryIncomplete)
        {
            html.Append("<p class=\"muted\">The chain starts earlier: the oldest parent below is no longer in the audit window.</p>");
        }

        html.Append("<ol class=\"chain\">");
        for (var i = 0; i < chain.Ancestry.Count; i++)
        {
            var role = i == 0 ? (chain.Ancestry.Count == 1 ? "this token" : "origin (subject)") : i == chain.Ancestry.Count - 1 ? "this token" : "exchanged by";
            html.Append("<li class=\"hop").Append(i == chain.Ancestry.Count - 1 ? " current" : "").Append("\">")
                .Append(Hop(chain.Ancestry[i], role, revocations, now)).Append("</li>");
        }

        var audience = chain.Ancestry[^1].Record?.Audience;
        html.Append("<li class=\"hop api\"><span class=\"role\">API</span> <code>").Append(ConsoleLayout.Encode(audience ?? "unknown")).Append("</code></li></ol>");

        html.Append("<h2 id=\"derived\">Derived tokens</h2>");
        if (chain.Derived.Count == 0)
        {
            html.Append("<p class=\"muted\">No unexpired token was derived from this one by token exchange, so revoking it revokes only itself.</p>");
            return html.ToString();
        }

        html.Append(chain.Derived.Count == 1 ? "<p>Revoking this token also revokes this derived token:</p>" : "<p>Revoking this token also revokes these " + chain.Derived.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " derived tokens:</p>");
        var byParent = chain.Derived.ToLookup(h => h.Record is { } r ? ConsoleAuditReader.Delegation(r).ParentJti : null, StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        Tree(html, chain.Ancestry[^1].Jti, byParent, placed, revocations, now, 0);
        var orphans = chain.Derived.Where(h => !placed.Contains(h.Jti)).ToList();
        if (orphans.Count > 0)
        {
            html.Append("<ul class=\"derived\">");
            foreach (var hop in orphans)
            {
                html.Append("<li>").Append(Hop(hop, "derived", revocations, now)).Append("</li>");
            }

            html.Append("</ul>");
        }

        return html.ToString();
    }

    public static bool IsRevokedOrExpired(RevocationList revocations, AuditRecord token, DateTimeOffset now) =>
        (token.LifetimeSeconds is { } lifetime && token.Timestamp.AddSeconds(lifetime) <= now)
        || revocations.IsRevoked(token.TokenId, token.AgentId, token.ClientId, token.Timestamp, token.KeyId);

    private static void Tree(StringBuilder html, string parent, ILookup<string?, ConsoleChainHop> byParent, HashSet<string> placed, RevocationList revocations, DateTimeOffset now, int depth)
    {
        var children = byParent[parent].Where(h => placed.Add(h.Jti)).ToList();
        if (children.Count == 0 || depth > ConsoleChain.MaxHops)
        {
            return;
        }

        html.Append("<ul class=\"derived\">");
        foreach (var child in children)
        {
            html.Append("<li>").Append(Hop(child, "derived", revocations, now));
            Tree(html, child.Jti, byParent, placed, revocations, now, depth + 1);
            html.Append("</li>");
        }

        html.Append("</ul>");
    }

    private static string Hop(ConsoleChainHop hop, string role, RevocationList revocations, DateTimeOffset now)
    {
        var html = new StringBuilder("<span class=\"role\">").Append(ConsoleLayout.Encode(role)).Append("</span> ");
        if (hop.Record is not { } record)
        {
            return html.Append(ConsoleAgentActivity.TokenLink(hop.Jti)).Append(" <span class=\"muted\">(no longer in the audit window)</span>").ToString();
        }

        var (actors, _) = ConsoleAuditReader.Delegation(record);
        html.Append("<a href=\"/console/agents/").Append(Uri.EscapeDataString(record.AgentId ?? "")).Append("\">").Append(ConsoleLayout.Encode(record.AgentId)).Append("</a>")
            .Append("<dl class=\"hop-details\"><dt>Token</dt><dd>").Append(ConsoleAgentActivity.TokenLink(hop.Jti)).Append(' ').Append(ConsoleAgentActivity.State(revocations, record, now)).Append("</dd>")
            .Append("<dt>Grant</dt><dd><code>").Append(ConsoleLayout.Encode(record.GrantType)).Append("</code></dd>")
            .Append("<dt>Scopes</dt><dd>").Append(ConsoleLayout.List(ConsoleAgentActivity.Words(record.Scopes))).Append("</dd>")
            .Append("<dt>Audience</dt><dd><code>").Append(ConsoleLayout.Encode(record.Audience)).Append("</code></dd>");
        if (actors.Count > 0)
        {
            html.Append("<dt>Actors (act, newest first)</dt><dd>").Append(ConsoleLayout.List(actors)).Append("</dd>");
        }

        if (ConsoleAuditReader.AuthorizationDetails(record) is { } details)
        {
            html.Append("<dt>authorization_details</dt><dd><pre>").Append(ConsoleLayout.Encode(details)).Append("</pre></dd>");
        }

        return html.Append("<dt>Issued</dt><dd>").Append(ConsoleLayout.Time(record.Timestamp)).Append("</dd><dt>Expires</dt><dd>")
            .Append(ConsoleLayout.Time(hop.ExpiresAt)).Append("</dd></dl>").ToString();
    }
}
