// The console's read pages: each page with the admin API GET route that reads the same data, so the guard of the
// page (ConsoleHttp.Read), the main navigation and the tests take the page's scope from the admin route table.
// The admin API has no GET of its own for tokens and alerts; the console reads them as part of the agent read model
// (the agent page shows an agent's recent tokens and alerts), so they follow GET /admin/agents.
namespace Mandate.Admin.Console;

internal static class ConsoleNavigation
{
    public const string Agents = "/admin/agents";
    public const string Agent = "/admin/agents/{id}";
    public const string Keys = "/admin/keys";
    public const string Audit = "/admin/audit";

    /// <summary>The read pages (console pattern) and the admin API GET route each one mirrors.</summary>
    public static readonly IReadOnlyList<(string Page, string AdminRoute)> Pages =
    [
        ("/console", Agents),
        ("/console/agents", Agents),
        ("/console/agents/{id}", Agent),
        ("/console/tokens", Agents),
        ("/console/tokens/{jti}", Agents),
        ("/console/audit", Audit),
        ("/console/audit/export", Audit),
        ("/console/keys", Keys),
        ("/console/alerts", Agents),
    ];

    /// <summary>The main navigation: link, label and the admin API GET route whose scope shows it.</summary>
    public static readonly IReadOnlyList<(string Href, string Label, string AdminRoute)> Links =
    [
        ("/console", "Overview", Agents),
        ("/console/agents", "Agents", Agents),
        ("/console/tokens", "Tokens", Agents),
        ("/console/audit", "Audit", Audit),
        ("/console/keys", "Keys", Keys),
        ("/console/alerts", "Alerts", Agents),
    ];

    /// <summary>The admin API GET route mirrored by the console page <paramref name="page"/>.</summary>
    public static string RouteOf(string page) => Pages.First(p => p.Page == page).AdminRoute;
}
