using System.Globalization;
using Mandate.Agent;

namespace Mandate.Samples.Agent;

/// <summary>Command line of the sample. Credentials missing from the command line fall back to
/// MANDATE_ISSUER, MANDATE_CLIENT_ID and MANDATE_CLIENT_SECRET.</summary>
internal sealed record SampleArguments(Uri Issuer, string ClientId, string ClientSecret, Uri Api, string? Scope, Uri? Resource, TimeSpan Duration, double Rate)
{
    public const string Usage = "usage: --issuer URL --client-id ID --client-secret S --api URL [--scope \"tools:read\"] [--resource URI] [--duration 60s] [--rate 20]";

    public int TotalCalls => (int)Math.Round(Duration.TotalSeconds * Rate);

    public override string ToString() => $"issuer {Issuer}, client {ClientId}, api {Api}, scope '{Scope}', {Rate}/s for {Duration.TotalSeconds} s";

    /// <summary>Parses <paramref name="args"/>; on failure returns null and a one-line reason.</summary>
    public static SampleArguments? TryParse(string[] args, out string error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] known = ["--issuer", "--client-id", "--client-secret", "--api", "--scope", "--resource", "--duration", "--rate"];
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

            values[args[i]] = args[i + 1];
        }

        var environment = MandateCredentials.FromEnvironment();
        var issuer = values.TryGetValue("--issuer", out var issuerText) ? AbsoluteUri(issuerText) : environment.Issuer;
        var clientId = values.GetValueOrDefault("--client-id") ?? environment.ClientId;
        var clientSecret = values.GetValueOrDefault("--client-secret") ?? environment.ClientSecret;
        var api = values.TryGetValue("--api", out var apiText) ? AbsoluteUri(apiText) : null;
        Uri? resource = values.TryGetValue("--resource", out var resourceText) ? AbsoluteUri(resourceText) : null;
        var duration = ParseDuration(values.GetValueOrDefault("--duration", "60s"));
        var rateOk = double.TryParse(values.GetValueOrDefault("--rate", "20"), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate);

        error = (issuer, clientId, clientSecret, api) switch
        {
            (null, _, _, _) => "--issuer must be an absolute URL (or set MANDATE_ISSUER).",
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

        return new SampleArguments(issuer!, clientId!, clientSecret!, api!, values.GetValueOrDefault("--scope"), resource, duration!.Value, rate);
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
