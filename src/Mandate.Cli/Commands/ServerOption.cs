using System.CommandLine;

namespace Mandate.Cli.Commands;

/// <summary>
/// The one way every command names the Mandate server: <c>--server URL</c>, else <c>$MANDATE_SERVER</c>. The older
/// names <c>--issuer</c> (token commands) and <c>$MANDATE_ISSUER</c> are accepted with one deprecation line on stderr.
/// </summary>
internal static class ServerOption
{
    /// <summary>Environment variable naming the Mandate server.</summary>
    public const string Variable = "MANDATE_SERVER";

    /// <summary>The deprecated environment variable, read when <see cref="Variable"/> is not set.</summary>
    public const string DeprecatedVariable = "MANDATE_ISSUER";

    /// <summary>The server URL used when nothing names one.</summary>
    public const string Default = "http://127.0.0.1:5080";

    private const string DeprecatedFlag = "--issuer";

    /// <summary>Creates <c>--server URL</c>; with <paramref name="issuerAlias"/> also the deprecated <c>--issuer</c>.</summary>
    public static Option<string?> Create(string defaultText, bool issuerAlias = false)
    {
        var option = new Option<string?>("--server")
        {
            Description = $"Base URL of the Mandate server. Default: ${Variable}, else {defaultText}."
                + (issuerAlias ? " --issuer is a deprecated alias." : ""),
            HelpName = "URL",
        };
        if (issuerAlias)
        {
            option.Aliases.Add(DeprecatedFlag);
        }

        return option;
    }

    /// <summary>
    /// The URL from the option, else <c>$MANDATE_SERVER</c>, else <c>$MANDATE_ISSUER</c>; null when none is set.
    /// Writes one "warning:" line for a deprecated name; throws a usage error for a malformed URL.
    /// </summary>
    public static Uri? ReadOrNull(ParseResult parseResult, Option<string?> option, CliContext context)
    {
        if (parseResult.GetValue(option) is { } flag)
        {
            bool deprecated = parseResult.GetResult(option)?.IdentifierToken?.Value == DeprecatedFlag;
            if (deprecated)
            {
                context.Error.WriteLine($"warning: {DeprecatedFlag} is deprecated; use --server (same meaning)");
            }

            return CommonOptions.ParseUrl(flag, deprecated ? DeprecatedFlag : "--server");
        }

        if (context.GetEnvironmentVariable(Variable) is { Length: > 0 } server)
        {
            return CommonOptions.ParseUrl(server, Variable);
        }

        if (context.GetEnvironmentVariable(DeprecatedVariable) is { Length: > 0 } issuer)
        {
            context.Error.WriteLine($"warning: {DeprecatedVariable} is deprecated; set {Variable} (same meaning)");
            return CommonOptions.ParseUrl(issuer, DeprecatedVariable);
        }

        return null;
    }

    /// <summary><see cref="ReadOrNull"/>, else <see cref="Default"/>.</summary>
    public static Uri Read(ParseResult parseResult, Option<string?> option, CliContext context) =>
        ReadOrNull(parseResult, option, context) ?? new Uri(Default);
}
