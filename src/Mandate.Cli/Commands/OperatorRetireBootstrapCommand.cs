using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate admin retire-bootstrap [--data-dir DIR]</c>: decommissions the bootstrap admin client and deletes its
/// <c>admin-credentials.json</c>. Run it as another operator holding <c>mandate:admin</c> (MANDATE_ADMIN_CLIENT_ID/SECRET),
/// so that the server is never left without an operator who can manage operators.
/// </summary>
internal static class OperatorRetireBootstrapCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var admin = new CommonOptions.Admin();
        var command = new Command(
            "retire-bootstrap",
            "Decommission the bootstrap admin and delete admin-credentials.json; run as another active operator holding mandate:admin.");
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            AdminConnectionOptions options = admin.Read(parseResult, context);
            string file = Path.Combine(context.ResolvePath(options.DataDirectory), AdminCredentials.FileName);
            if (!File.Exists(file))
            {
                throw new CliException(ExitCodes.NotFound, $"no bootstrap credentials at {file}: nothing to retire");
            }

            string? bootstrapId = JsonText.TryParse(File.ReadAllBytes(file)) is { } json ? JsonText.GetString(json, "client_id") : null;
            string? callerId = context.GetEnvironmentVariable(AdminCredentials.ClientIdVariable);
            if (string.IsNullOrEmpty(callerId) || string.Equals(callerId, bootstrapId, StringComparison.Ordinal))
            {
                throw CliException.Usage(
                    $"set {AdminCredentials.ClientIdVariable} and {AdminCredentials.ClientSecretVariable} to another operator holding mandate:admin ('mandate admin create NAME --owner EMAIL --scope mandate:admin') before retiring the bootstrap admin");
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, options, cancellationToken);
            JsonElement caller = await client.GetAsync("admin/agents/" + Uri.EscapeDataString(client.ClientId), cancellationToken);
            if (!OperatorScopes.HoldsFullAdmin(caller) || JsonText.GetString(caller, "status") != "active")
            {
                throw CliException.Usage("the operator in " + AdminCredentials.ClientIdVariable + " must be active and hold mandate:admin");
            }

            if (!string.IsNullOrEmpty(bootstrapId))
            {
                await OperatorRevokeCommand.RevokeAsync(client, bootstrapId, cancellationToken);
            }

            File.Delete(file);
            context.Output.WriteLine($"Bootstrap admin {bootstrapId} decommissioned; {file} deleted.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
