using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate key revoke KID [--json]</c>: POST /admin/keys/{kid}/revoke. Emergency: the key is removed from the JWKS
/// at once and pushed through the revocation feed, so every token it signed is refused; when it was the active key a
/// new key becomes active immediately.
/// </summary>
internal static class KeyRevokeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var kid = new Argument<string>("KID") { Description = "The kid of the signing key to revoke." };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("revoke", "Emergency: revoke a signing key; every token it signed is refused at once.") { kid, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string keyId = parseResult.GetRequiredValue(kid);
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement keys = await client.PostAsync("admin/keys/" + Uri.EscapeDataString(keyId) + "/revoke", null, cancellationToken);
            context.Output.WriteLine(parseResult.GetValue(json) ? JsonText.ToIndentedJson(keys) : $"Revoked signing key {keyId}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
