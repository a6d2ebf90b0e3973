using System.CommandLine;

namespace Mandate.Cli.Commands;

/// <summary>
/// An agent's client id and secret for <c>token get</c> and <c>probe</c>: from <c>--client-id</c> /
/// <c>--client-secret</c>, else from MANDATE_CLIENT_ID / MANDATE_CLIENT_SECRET (the names Mandate.Agent's
/// <c>MandateCredentials.FromEnvironment</c> reads), and <c>--client-secret -</c> reads the secret from the first
/// line of stdin. The last two keep the secret out of process listings and shell history.
/// </summary>
internal static class AgentCredentialInput
{
    /// <summary>Environment variable with the agent's client id.</summary>
    public const string ClientIdVariable = "MANDATE_CLIENT_ID";

    /// <summary>Environment variable with the agent's client secret.</summary>
    public const string ClientSecretVariable = "MANDATE_CLIENT_SECRET";

    /// <summary>The value of <c>--client-secret</c> that reads the secret from stdin.</summary>
    public const string FromStdin = "-";

    /// <summary><c>--client-id ID</c> (default: MANDATE_CLIENT_ID).</summary>
    public static Option<string?> ClientIdOption(string description) => new("--client-id")
    {
        Description = description + " Default: $" + ClientIdVariable + ".",
        HelpName = "ID",
    };

    /// <summary><c>--client-secret SECRET|-</c> (default: MANDATE_CLIENT_SECRET).</summary>
    public static Option<string?> ClientSecretOption() => new("--client-secret")
    {
        Description = "The agent's client secret; - reads it from stdin. Default: $" + ClientSecretVariable + ".",
        HelpName = "SECRET",
    };

    /// <summary>True when a secret is given by the option or the environment.</summary>
    public static bool HasSecret(System.CommandLine.Parsing.CommandResult result, Option<string?> clientSecret, CliContext context) =>
        result.GetValue(clientSecret) is not null || !string.IsNullOrEmpty(context.GetEnvironmentVariable(ClientSecretVariable));

    /// <summary>Adds the parse errors of a missing or misplaced client id.</summary>
    public static void Validate(System.CommandLine.Parsing.CommandResult result, Option<string?> clientId, CliContext context)
    {
        var value = result.GetValue(clientId) ?? context.GetEnvironmentVariable(ClientIdVariable);
        if (string.IsNullOrEmpty(value))
        {
            result.AddError("Give --client-id (or set " + ClientIdVariable + ").");
        }
        else if (Mandate.Protocol.CredentialPrefixes.IsCredential(value))
        {
            // Caught here, a swapped pair never reaches a server, where the secret would travel as an identifier.
            result.AddError("--client-id looks like a client secret (it starts with " + Mandate.Protocol.CredentialPrefixes.ClientSecret +
                "); were --client-id and --client-secret swapped?");
        }
    }

    /// <summary>The client id (validated at parse time).</summary>
    public static string ClientId(ParseResult parseResult, Option<string?> clientId, CliContext context) =>
        parseResult.GetValue(clientId) ?? context.GetEnvironmentVariable(ClientIdVariable)!;

    /// <summary>The client secret: the option's value, the first line of stdin for <c>-</c>, else the environment.</summary>
    public static async Task<string> ClientSecretAsync(ParseResult parseResult, Option<string?> clientSecret, CliContext context, CancellationToken cancellationToken)
    {
        var value = parseResult.GetValue(clientSecret);
        if (value == FromStdin)
        {
            var line = await context.Input.ReadLineAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(line) ? throw CliException.Usage("--client-secret -: stdin held no secret") : line.Trim();
        }

        return value ?? context.GetEnvironmentVariable(ClientSecretVariable)
            ?? throw CliException.Usage("Give --client-secret (or set " + ClientSecretVariable + ").");
    }
}
