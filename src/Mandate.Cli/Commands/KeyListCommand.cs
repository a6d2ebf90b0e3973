using System.CommandLine;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate key list [--json]</c>: GET /admin/keys as a table of kid, alg, state and creation time.</summary>
internal static class KeyListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) => AdminListCommand.Create(
        context, "list", "List the server's signing keys: kid, algorithm, state, creation time.", "admin/keys", "keys",
        static () => new TableWriter("KID", "ALG", "STATE", "CREATED"),
        static (table, key) => table.AddRow(
            JsonText.GetString(key, "kid"),
            JsonText.GetString(key, "alg"),
            JsonText.GetString(key, "state"),
            AgentView.FormatTimestamp(JsonText.GetTimestamp(key, "created_at"))));
}
