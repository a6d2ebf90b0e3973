using System.Globalization;
using Mandate.Agent;

namespace Mandate.Samples.Agent;

/// <summary>Command line of the sample. The server and credentials missing from the command line come from
/// MANDATE_SERVER, MANDATE_CLIENT_ID and MANDATE_CLIENT_SECRET (the environment is the place for the secret).
/// <c>--issuer</c> is a deprecated alias of <c>--server</c>.</summary>
internal sealed record SampleArguments(Uri Issuer, string ClientId, string ClientSecret, Uri Api, string? Scope, Uri? Resource, TimeSpan Duration, double Rate, bool Dpop = false)
{
    public const string Usage = "usage: Mandate.Samples.Agent --api URL [--scope \"tools:read\"] [--resource URI] [--duration 60s] [--rate 20] [--server URL] [--client-id ID] [--dpop]";

    /// <summary>What <c>--help</c> prints.</summary>
    public const string Help = Usage + """


        Calls GET {api}/api/tools at an even rate with the agent's access token and prints
        "calls: N, failures: F, token requests: T" as the last line.

          --api URL          the protected API (required)
          --scope SCOPES     scopes to request; default: the agent's default scopes
          --resource URI     RFC 8707 resource (the API's audience)
          --duration D       how long to call, e.g. 60s, 2m, 500ms (default 60s)
          --rate N           calls per second (default 20)
          --server URL       the Mandate server; default $MANDATE_SERVER (--issuer is a deprecated alias)
          --client-id ID     the agent's client id; default $MANDATE_CLIENT_ID
          --client-secret S  the agent's secret; default $MANDATE_CLIENT_SECRET (prefer the variable)
          --dpop             DPoP-bound tokens (RFC 9449): a key generated in memory, a fresh proof on every call

        Exit codes: 0 every call succeeded, 1 some calls failed, 2 bad arguments.
        """;

    public int TotalCalls => (int)Math.Round(Duration.TotalSeconds * Rate);

    public override string ToString() => $"issuer {Issuer}, client {ClientId}, api {Api}, scope '{Scope}', {(Dpop ? "DPoP" : "Bearer")}, {Rate}/s for {Duration.TotalSeconds} s";

    /// <summary>Parses <paramref name="args"/>; on failure returns null and a one-line reason.</summary>
    public static SampleArguments? TryParse(string[] args, out string error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        // --dpop is the one switch without a value.
        var dpop = args.Contains("--dpop");
        args = [.. args.Where(a => a != "--dpop")];
        string[] known = ["--server", "--issuer", "--client-id", "--client-secret", "--api", "--scope", "--resource", "--duration", "--rate"];
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!known.Contains(args[i]))
            {
                error = $"unknown argument '{args[i]}'. {Usage}";
                return null;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{args[i]} needs a value. {Usage}";
                return null;
            }

            values[args[i] == "--issuer" ? "--server" : args[i]] = args[i + 1];
        }

        var environment = MandateCredentials.FromEnvironment();
        var issuer = values.TryGetValue("--server", out var issuerText) ? AbsoluteUri(issuerText) : environment.Issuer;
        var clientId = values.GetValueOrDefault("--client-id") ?? environment.ClientId;
        var clientSecret = values.GetValueOrDefault("--client-secret") ?? environment.ClientSecret;
        var api = values.TryGetValue("--api", out var apiText) ? AbsoluteUri(apiText) : null;
        Uri? resource = values.TryGetValue("--resource", out var resourceText) ? AbsoluteUri(resourceText) : null;
        var duration = ParseDuration(values.GetValueOrDefault("--duration", "60s"));
        var rateOk = double.TryParse(values.GetValueOrDefault("--rate", "20"), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate);

        error = (issuer, clientId, clientSecret, api) switch
        {
            (null, _, _, _) => "--server must be an absolute URL (or set MANDATE_SERVER).",
            (_, null, _, _) => "--client-id is required (or set MANDATE_CLIENT_ID).",
            (_, _, null, _) => "--client-secret is required (or set MANDATE_CLIENT_SECRET).",
            (_, _, _, null) => "--api must be an absolute URL.",
            _ when values.ContainsKey("--resource") && resource is null => "--resource must be an absolute URI.",
            _ when duration is null => "--duration must be a positive duration such as 60s, 2m or 500ms.",
            _ when !rateOk || !double.IsFinite(rate) || rate <= 0 || rate > 10_000 => "--rate must be a number of calls per second between 0 and 10000.",
            _ => "",
        };
        if (error.Length > 0)
        {
            error += " " + Usage;
            return null;
        }

        return new SampleArguments(issuer!, clientId!, clientSecret!, api!, values.GetValueOrDefault("--scope"), resource, duration!.Value, rate, dpop);
    }

    private static Uri? AbsoluteUri(string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;

    private static TimeSpan? ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0 && value * unit <= TimeSpan.FromDays(1).TotalSeconds
            ? TimeSpan.FromSeconds(value * unit)
            : null;
    }
}
