using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Mandate.Cli.Time;

namespace Mandate.Cli.Commands;

/// <summary>
/// The options every command that registers an agent shares (<c>mandate agent create</c>, <c>mandate admin
/// create</c>): the <c>NAME</c> argument, <c>--owner EMAIL</c> and <c>--expires DURATION</c>, and how they become the
/// <c>name</c>, <c>owner</c> and <c>expires_at</c> members of <c>POST /admin/agents</c>.
/// </summary>
internal sealed class AgentIdentityOptions
{
    private readonly Argument<string> _name;
    private readonly Option<string> _owner;
    private readonly Option<string?> _expires;

    /// <summary>Creates the options; <paramref name="noun"/> names what is registered in the help text ("agent").</summary>
    /// <param name="noun">What the command registers, e.g. <c>agent</c> or <c>operator client</c>.</param>
    /// <param name="nameExample">An example name for the help text, or null.</param>
    public AgentIdentityOptions(string noun, string? nameExample = null)
    {
        _name = new Argument<string>("NAME") { Description = $"Display name of the {noun}" + (nameExample is null ? "." : $", e.g. {nameExample}.") };
        _owner = new Option<string>("--owner") { Description = $"The person accountable for the {noun} (required).", Required = true, HelpName = "EMAIL" };
        _expires = new Option<string?>("--expires")
        {
            Description = "Expiry from now, e.g. 90d. Default: the server's DefaultAgentLifetime (90d); capped at its MaxAgentLifetime (365d).",
            HelpName = "DURATION",
        };
    }

    /// <summary>Adds the argument and both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(_name);
        command.Options.Add(_owner);
        command.Options.Add(_expires);
    }

    /// <summary>Writes <c>name</c>, <c>owner</c> (both trimmed) and, when given, <c>expires_at</c> into <paramref name="body"/>.</summary>
    /// <exception cref="CliException">A blank NAME or owner, or an unreadable duration (usage error).</exception>
    public void WriteTo(JsonObject body, ParseResult parseResult, TimeProvider timeProvider)
    {
        body["name"] = RequireText(parseResult.GetRequiredValue(_name), "NAME");
        body["owner"] = RequireText(parseResult.GetRequiredValue(_owner), "--owner");
        if (parseResult.GetValue(_expires) is { } expiresText)
        {
            DateTimeOffset expiresAt = timeProvider.GetUtcNow() + DurationParser.ParseOption(expiresText, "--expires");
            body["expires_at"] = expiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
    }

    private static string RequireText(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw CliException.Usage($"{name} must not be empty") : value.Trim();
}
