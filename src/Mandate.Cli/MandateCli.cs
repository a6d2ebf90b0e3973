using System.CommandLine;
using System.CommandLine.Help;
using Mandate.Cli.Commands;

namespace Mandate.Cli;

/// <summary>
/// The <c>mandate</c> command line: <c>mandate &lt;noun&gt; &lt;verb&gt;</c>. Every failure ends as one line on
/// stderr and a documented exit code (<see cref="ExitCodes"/>); stack traces are never printed.
/// </summary>
public static class MandateCli
{
    /// <summary>Runs the command line with console streams and the process environment.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="cancellationToken">Cancels the command; <c>serve</c> stops cleanly and returns 0.</param>
    /// <returns>The exit code, one of <see cref="ExitCodes"/>.</returns>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        RunAsync(args, CliContext.FromConsole(), cancellationToken);

    /// <summary>Runs the command line in-process with the given streams, environment and clock.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="context">Streams, environment variables, working directory, clock and HTTP.</param>
    /// <param name="cancellationToken">Cancels the command; <c>serve</c> stops cleanly and returns 0.</param>
    /// <returns>The exit code, one of <see cref="ExitCodes"/>. Never throws for command failures.</returns>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);

        Command root = CreateRootCommand(context);
        ParseResult parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // An unknown word explains more than the "Required command was not provided" it also causes.
            string message = parseResult.Errors
                .OrderBy(e => e.Message.StartsWith("Required command", StringComparison.Ordinal) ? 1 : 0)
                .First().Message;
            WriteError(context, message + " (see 'mandate --help')");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            // Ctrl-C is wired by Program.cs into cancellationToken; no process-wide hooks here.
            ProcessTerminationTimeout = null,
        };

        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            (int code, string message) = ErrorMapping.Map(exception, cancellationToken);
            WriteError(context, message);
            return code;
        }
    }

    /// <summary>Builds the command tree. Exposed so documentation and tests can enumerate it.</summary>
    /// <param name="context">The context every command action runs against.</param>
    /// <returns>
    /// The root command, named <c>mandate</c> whatever the executable is called (a <see cref="RootCommand"/>
    /// would take its name from the process: <c>Mandate</c> or <c>testhost</c>).
    /// </returns>
    public static Command CreateRootCommand(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        var agent = new Command("agent", "Register and manage agents (admin API).")
        {
            AgentCreateCommand.Create(context),
            AgentListCommand.Create(context),
            AgentShowCommand.Create(context),
            AgentUpdateCommand.Create(context),
            AgentSuspendCommand.Create(context),
            AgentResumeCommand.Create(context),
            AgentDecommissionCommand.Create(context),
            AgentRotateSecretCommand.Create(context),
            AgentOrphansCommand.Create(context),
            AgentDetailsCommand.Create(context),
            AgentMonitorCommand.Create(context),
        };
        var key = new Command("key", "List, import, rotate and revoke signing keys (admin API).")
        {
            KeyListCommand.Create(context),
            KeyImportCommand.Create(context),
            KeyRotateCommand.Create(context),
            KeyRevokeCommand.Create(context),
        };
        var trust = new Command("trust", "Trust external issuers: OpenID providers and workload identity (admin API).")
        {
            TrustAddCommand.Create(context),
            TrustListCommand.Create(context),
            TrustRemoveCommand.Create(context),
        };
        var registration = new Command("registration", "Dynamic client registration (RFC 7591): initial access tokens (admin API).")
        {
            new Command("token", "Create, list and revoke initial access tokens.")
            {
                RegistrationTokenCreateCommand.Create(context),
                RegistrationTokenListCommand.Create(context),
                RegistrationTokenRevokeCommand.Create(context),
            },
        };
        var operators = new Command("admin", "Operator clients with least-privilege admin scopes; retire the bootstrap admin (admin API).")
        {
            OperatorCreateCommand.Create(context),
            OperatorListCommand.Create(context),
            OperatorRevokeCommand.Create(context),
            OperatorRetireBootstrapCommand.Create(context),
        };
        var token = new Command("token", "Get and inspect access tokens.")
        {
            TokenGetCommand.Create(context),
            TokenInspectCommand.Create(context),
        };

        return new Command("mandate", "Mandate: an OAuth 2.0 authorization server for AI agents.")
        {
            new HelpOption(),
            new VersionOption(),
            ServeCommand.Create(context),
            agent,
            key,
            trust,
            registration,
            operators,
            token,
            ProbeCommand.Create(context),
            AuditCommand.Create(context),
        };
    }

    private static void WriteError(CliContext context, string message)
    {
        // One line, always: collapse anything multi-line a library may have produced.
        string oneLine = message.ReplaceLineEndings(" ").Trim();
        context.Error.WriteLine("error: " + oneLine);
    }
}
