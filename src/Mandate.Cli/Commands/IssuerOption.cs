using System.CommandLine;

namespace Mandate.Cli.Commands;

/// <summary><c>--issuer URL</c> for the token commands: the authorization server whose metadata is used.</summary>
internal static class IssuerOption
{
    /// <summary>Creates the option.</summary>
    public static Option<string?> Create() => new("--issuer")
    {
        Description = $"The authorization server (issuer URL). Default: ${CommonOptions.ServerVariable}, else {CommonOptions.DefaultServer}.",
        HelpName = "URL",
    };

    /// <summary>Reads the issuer URL: the option, else MANDATE_SERVER, else the default server.</summary>
    public static Uri Read(ParseResult parseResult, Option<string?> option, CliContext context) =>
        CommonOptions.ParseUrl(
            parseResult.GetValue(option) ?? context.GetEnvironmentVariable(CommonOptions.ServerVariable) ?? CommonOptions.DefaultServer,
            "--issuer");
}
