using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate key rotate [--json]</c>: POST /admin/keys/rotate. Publishes a new pending signing key now; the server's
/// schedule activates it after its key propagation delay and retires the current key, which stays published until
/// every token it signed has expired.
/// </summary>
internal static class KeyRotateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("rotate", "Start a signing-key rotation: publish a new key now; it signs after the propagation delay.") { json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement key = await client.PostAsync("admin/keys/rotate", null, cancellationToken);
            context.Output.WriteLine(parseResult.GetValue(json)
                ? JsonText.ToIndentedJson(key)
                : $"Published pending signing key {JsonText.GetString(key, "kid")}; it becomes active after the propagation delay.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
