using System.CommandLine;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate trust list [--json]</c>: GET /admin/trusted-issuers as a table.</summary>
internal static class TrustListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) => AdminListCommand.Create(
        context, "list", "List trusted issuers: name, issuer, keys, agent mapping, scopes.", "admin/trusted-issuers", null,
        static () => new TableWriter("NAME", "ISSUER", "KEYS", "MAPS-TO-AGENT", "SCOPES"),
        static (table, issuer) => table.AddRow(
            JsonText.GetString(issuer, "name"),
            JsonText.GetString(issuer, "issuer"),
            JsonText.GetString(issuer, "jwks_uri") ?? "static",
            JsonText.GetString(issuer, "maps_to_agent") ?? "-",
            string.Join(' ', JsonText.GetStrings(issuer, "scopes"))));
}
