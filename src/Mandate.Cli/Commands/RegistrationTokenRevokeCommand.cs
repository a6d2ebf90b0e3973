using System.CommandLine;
using Mandate.Cli.Admin;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate registration token revoke ID</c>: POST /admin/registration-tokens/{id}/revoke. New registrations with the
/// token are refused at once; clients it registered keep working (suspend or decommission them as agents).</summary>
internal static class RegistrationTokenRevokeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The initial access token's id (iat_...), as listed by 'registration token list'." };
        var admin = new CommonOptions.Admin();
        var command = new Command("revoke", "Revoke an initial access token: it registers no more clients.") { id };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string tokenId = parseResult.GetRequiredValue(id).Trim();
            if (tokenId.Length == 0)
            {
                throw CliException.Usage("ID must not be empty");
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            await client.PostAsync("admin/registration-tokens/" + Uri.EscapeDataString(tokenId) + "/revoke", null, cancellationToken);
            context.Output.WriteLine($"Initial access token {tokenId} revoked.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
