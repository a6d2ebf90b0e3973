using System.CommandLine;
using Mandate.Cli.Admin;

namespace Mandate.Cli.Commands;

/// <summary><c>mandate trust remove NAME</c>: DELETE /admin/trusted-issuers/{name}. Its assertions are refused at once on
/// this node (other nodes within the registry refresh interval); tokens already issued live until they expire or are revoked.</summary>
internal static class TrustRemoveCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The trusted issuer's name." };
        var admin = new CommonOptions.Admin();
        var command = new Command("remove", "Stop trusting an external issuer.") { name };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string issuerName = parseResult.GetRequiredValue(name);
            if (string.IsNullOrWhiteSpace(issuerName))
            {
                throw CliException.Usage("NAME must not be empty");
            }

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            await client.DeleteAsync("admin/trusted-issuers/" + Uri.EscapeDataString(issuerName), cancellationToken);
            context.Output.WriteLine($"Trusted issuer {issuerName} removed.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
