using System.CommandLine;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate registration token list [--json]</c>: GET /admin/registration-tokens as a table (never the token values).</summary>
internal static class RegistrationTokenListCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context) => AdminListCommand.Create(
        context, "list", "List initial access tokens: id, uses, expiry, revocation, scopes, owner.", "admin/registration-tokens", null,
        static () => new TableWriter("ID", "USES", "EXPIRES", "REVOKED", "SCOPES", "OWNER"),
        static (table, token) => table.AddRow(
            JsonText.GetString(token, "id"),
            (JsonText.GetInt64(token, "uses") ?? 0) + "/" + (JsonText.GetInt64(token, "max_uses")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"),
            JsonText.GetString(token, "expires_at"),
            JsonText.GetString(token, "revoked_at") ?? "-",
            string.Join(' ', JsonText.GetStrings(token, "scopes")),
            JsonText.GetString(token, "owner") ?? "-"));
}
