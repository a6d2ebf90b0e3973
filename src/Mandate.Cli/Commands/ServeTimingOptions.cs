using System.CommandLine;
using Mandate.Cli.Time;
using Mandate.Server;

namespace Mandate.Cli.Commands;

/// <summary>
/// The timing options of <c>mandate serve</c> (docs/cli.md): the signing-key schedule, the longest token lifetime (which
/// also sets how long a retired key stays published) and how often the shared store is followed. Each one left out keeps
/// the server's default; the server validates the combination at start (exit 1 with the reason).
/// </summary>
internal sealed class ServeTimingOptions
{
    private readonly Option<string?> _rotationInterval = Duration("--key-rotation-interval", "Rotate the signing key automatically this often (default 30d).");
    private readonly Option<string?> _propagationDelay = Duration("--key-propagation-delay", "Publish a new key this long before it signs (default 15m; longer than every API's JWKS cache time).");
    private readonly Option<string?> _checkInterval = Duration("--key-check-interval", "Check the key schedule this often (default 1m).");
    private readonly Option<string?> _maxTokenLifetime = Duration("--max-token-lifetime", "Longest access token lifetime (default 1h); a retired key stays published this long plus the clock skew.");
    private readonly Option<string?> _storePollInterval = Duration("--store-poll-interval", "Read the shared store for other servers' revocations and key changes this often (default 1s).");

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_rotationInterval);
        command.Options.Add(_propagationDelay);
        command.Options.Add(_checkInterval);
        command.Options.Add(_maxTokenLifetime);
        command.Options.Add(_storePollInterval);
    }

    /// <summary>Parses the given options (a malformed duration is a usage error, exit 2) into a configuration step.</summary>
    public Action<MandateServerOptions> Read(ParseResult parseResult)
    {
        TimeSpan? rotation = Parse(parseResult, _rotationInterval);
        TimeSpan? propagation = Parse(parseResult, _propagationDelay);
        TimeSpan? check = Parse(parseResult, _checkInterval);
        TimeSpan? maxLifetime = Parse(parseResult, _maxTokenLifetime);
        TimeSpan? poll = Parse(parseResult, _storePollInterval);
        return options =>
        {
            options.KeyRotationInterval = rotation ?? options.KeyRotationInterval;
            options.KeyPropagationDelay = propagation ?? options.KeyPropagationDelay;
            options.KeyRotationCheckInterval = check ?? options.KeyRotationCheckInterval;
            options.StorePollInterval = poll ?? options.StorePollInterval;
            if (maxLifetime is { } max)
            {
                options.MaxAccessTokenLifetime = max;
                // The default lifetime follows a lower maximum, so the flag alone never makes the options invalid.
                options.DefaultAccessTokenLifetime = options.DefaultAccessTokenLifetime > max ? max : options.DefaultAccessTokenLifetime;
            }
        };
    }

    private static TimeSpan? Parse(ParseResult parseResult, Option<string?> option) =>
        parseResult.GetValue(option) is { } text ? DurationParser.ParseOption(text, option.Name) : null;

    private static Option<string?> Duration(string name, string description) => new(name) { Description = description, HelpName = "DURATION" };
}
