using System.CommandLine;
using Mandate.Cli.Admin;

namespace Mandate.Cli.Commands;

/// <summary>Options shared by several commands. Each call creates new instances (a symbol has one parent).</summary>
internal static class CommonOptions
{
    /// <summary>Environment variable naming the Mandate server (<see cref="ServerOption.Variable"/>).</summary>
    public const string ServerVariable = ServerOption.Variable;

    /// <summary>The server URL used when nothing names one (<see cref="ServerOption.Default"/>).</summary>
    public const string DefaultServer = ServerOption.Default;

    /// <summary>The data folder used when <c>--data-dir</c> is not given.</summary>
    public const string DefaultDataDirectory = ".mandate";

    /// <summary><c>--server URL</c>.</summary>
    public static Option<string?> Server() => ServerOption.Create($"the issuer in admin-credentials.json, else {DefaultServer}");

    /// <summary><c>--data-dir DIR</c>.</summary>
    public static Option<string> DataDirectory(string description) => new("--data-dir")
    {
        Description = description,
        HelpName = "DIR",
        DefaultValueFactory = _ => DefaultDataDirectory,
    };

    /// <summary><c>--json</c>.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON instead of text." };

    /// <summary>The admin options of one command, read back from a parse result.</summary>
    public sealed class Admin
    {
        private readonly Option<string?> _server = Server();
        private readonly Option<string> _dataDirectory = DataDirectory(
            "Data folder holding admin-credentials.json, used when MANDATE_ADMIN_CLIENT_ID/SECRET are not set. Default: ./.mandate.");

        /// <summary>Adds <c>--server</c> and <c>--data-dir</c> to <paramref name="command"/>.</summary>
        public void AddTo(Command command)
        {
            command.Add(_server);
            command.Add(_dataDirectory);
        }

        /// <summary>
        /// Reads <c>--server</c> (else MANDATE_SERVER or the deprecated MANDATE_ISSUER; else, later, the issuer in the credentials file, else the
        /// default) and <c>--data-dir</c>; throws a usage error for a malformed URL.
        /// </summary>
        public AdminConnectionOptions Read(ParseResult parseResult, CliContext context)
        {
            return new AdminConnectionOptions(
                ServerOption.ReadOrNull(parseResult, _server, context),
                parseResult.GetValue(_dataDirectory) ?? DefaultDataDirectory);
        }
    }

    /// <summary>Parses an absolute http(s) URL or throws a usage error naming <paramref name="optionName"/>.</summary>
    public static Uri ParseUrl(string text, string optionName) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw CliException.Usage($"{optionName}: '{text}' is not an absolute http(s) URL");
}
