// The HTML of the agent page, the create form, the confirmation step of destructive actions and the
// one-time display of a new client secret. Forms post back to ConsoleAgentActions with the session's
// anti-forgery token; a viewer sees no action forms.
using System.Text;
using Mandate.Storage;

namespace Mandate.Admin.Console;

internal static class ConsoleAgentForms
{
    public static string Details(Agent agent, ConsoleSession session)
    {
        var id = Uri.EscapeDataString(agent.Id);
        var body = new StringBuilder()
            .Append("<dl><dt>Client id</dt><dd><code>").Append(ConsoleLayout.Encode(agent.ClientId)).Append("</code></dd>")
            .Append("<dt>Owner</dt><dd>").Append(ConsoleLayout.Encode(agent.Owner)).Append("</dd>")
            .Append("<dt>Status</dt><dd>").Append(agent.Status.ToString().ToLowerInvariant()).Append("</dd>")
            .Append("<dt>Scopes</dt><dd>").Append(ConsoleLayout.List(agent.AllowedScopes)).Append("</dd>")
            .Append("<dt>Audiences</dt><dd>").Append(ConsoleLayout.List(agent.AllowedAudiences)).Append("</dd>")
            .Append("<dt>Grant types</dt><dd>").Append(ConsoleLayout.List(agent.AllowedGrantTypes)).Append("</dd>")
            .Append("<dt>Token lifetime</dt><dd>").Append((int)agent.TokenLifetime.TotalSeconds).Append(" s</dd>")
            .Append("<dt>Created</dt><dd>").Append(ConsoleLayout.Time(agent.CreatedAt)).Append("</dd>")
            .Append("<dt>Last used</dt><dd>").Append(ConsoleLayout.Time(agent.LastUsedAt)).Append("</dd>")
            .Append("<dt>Expires</dt><dd>").Append(ConsoleLayout.Time(agent.ExpiresAt)).Append("</dd></dl>");
        if (session.May(ConsoleRole.Agents) && agent.Status != AgentStatus.Decommissioned)
        {
            body.Append("<h2>Actions</h2><div class=\"actions\">");
            if (agent.Status == AgentStatus.Suspended)
            {
                body.Append(PostButton(session, "/console/agents/" + id + "/resume", "Resume", "primary"));
            }
            else
            {
                body.Append("<a href=\"/console/agents/").Append(id).Append("/confirm/suspend\">Suspend…</a>");
            }

            body.Append("<a href=\"/console/agents/").Append(id).Append("/confirm/rotate-secret\">Rotate secret…</a>")
                .Append("<a class=\"danger\" href=\"/console/agents/").Append(id).Append("/confirm/decommission\">Decommission…</a></div>");
        }

        return body.ToString();
    }

    public static string Confirm(Agent agent, ConsoleSession session, ConsoleAgentAction action) =>
        "<p class=\"notice\">" + ConsoleLayout.Encode(action.Consequence) + "</p><p>Agent: <strong>" + ConsoleLayout.Encode(agent.Name)
        + "</strong> (<code>" + ConsoleLayout.Encode(agent.ClientId) + "</code>)</p><div class=\"actions\">"
        + PostButton(session, "/console/agents/" + Uri.EscapeDataString(agent.Id) + "/" + action.Name, action.Label, "destructive")
        + "<a href=\"/console/agents/" + Uri.EscapeDataString(agent.Id) + "\">Cancel</a></div>";

    public static string SecretOnce(Agent agent, string secret) =>
        "<p class=\"notice\" role=\"status\">Copy this client secret now: it is shown once and only its hash is stored.</p>"
        + "<dl><dt>Client id</dt><dd><code>" + ConsoleLayout.Encode(agent.ClientId) + "</code></dd><dt>Client secret</dt><dd class=\"secret\"><code id=\"secret\">"
        + ConsoleLayout.Encode(secret) + "</code><button type=\"button\" data-copy=\"secret\">Copy</button></dd></dl>"
        + "<p><a href=\"/console/agents/" + Uri.EscapeDataString(agent.Id) + "\">Go to the agent</a></p>";

    public static string Create(ConsoleSession session, string? error = null) =>
        (error is null ? "" : "<p class=\"notice danger\" role=\"alert\">" + ConsoleLayout.Encode(error) + "</p>")
        + "<form method=\"post\" action=\"/console/agents\">" + ConsoleLayout.Antiforgery(session)
        + Field("name", "Name", "e.g. invoice-bot")
        + Field("owner", "Owner", "the person accountable, e.g. alice@example.com")
        + Field("scopes", "Scopes", "space-separated, e.g. invoices:read invoices:write")
        + Field("audiences", "Audiences", "space-separated resource URIs, e.g. https://api.example.com")
        + Field("token_lifetime_seconds", "Token lifetime (seconds)", "empty for the server default")
        + "<div class=\"actions\"><button class=\"primary\" type=\"submit\">Create agent</button></div></form>";

    private static string Field(string name, string label, string hint) =>
        $"<label for=\"{name}\">{ConsoleLayout.Encode(label)}</label><input type=\"text\" id=\"{name}\" name=\"{name}\" aria-describedby=\"{name}-hint\">"
        + $"<div id=\"{name}-hint\" class=\"muted\">{ConsoleLayout.Encode(hint)}</div>";

    private static string PostButton(ConsoleSession session, string action, string label, string style) =>
        "<form class=\"inline\" method=\"post\" action=\"" + action + "\">" + ConsoleLayout.Antiforgery(session)
        + "<button class=\"" + style + "\" type=\"submit\">" + ConsoleLayout.Encode(label) + "</button></form>";
}
