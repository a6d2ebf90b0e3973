using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace Mandate.Cli.Serve;

/// <summary>
/// Behind a reverse proxy or load balancer (docs/deployment.md, "Behind a proxy"): <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are applied only to requests whose connection comes from a configured proxy
/// (<c>Mandate:ForwardedHeaders:KnownProxies</c>, addresses, or <c>KnownNetworks</c>, CIDR ranges). Off when neither is
/// set; the same headers from any other address are ignored. The issuer never comes from a header: it is the
/// configured <c>--issuer</c>.
/// </summary>
internal static class ForwardedHeadersSetup
{
    private const string Section = "Mandate:ForwardedHeaders";

    /// <summary>The middleware options, or null when no proxy is configured.</summary>
    /// <exception cref="CliException">MND1550 for a value that is not an address or a CIDR range (exit 1).</exception>
    public static ForwardedHeadersOptions? Read(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection(Section);
        string[] proxies = Values(section.GetSection("KnownProxies"));
        string[] networks = Values(section.GetSection("KnownNetworks"));
        if (proxies.Length == 0 && networks.Length == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // One hop: the address the known proxy saw. More hops would trust what a client wrote itself.
            ForwardLimit = section.GetValue("ForwardLimit", 1),
        };
        // ASP.NET Core trusts loopback by default; only what is configured is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (string proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out IPAddress? address)
                ? address
                : throw Invalid("KnownProxies", proxy, "an IP address"));
        }

        foreach (string network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out System.Net.IPNetwork parsed)
                ? parsed
                : throw Invalid("KnownNetworks", network, "a CIDR range such as 10.0.0.0/8"));
        }

        if (options.ForwardLimit is < 1 or > 10)
        {
            throw new CliException(ExitCodes.Failure, $"MND1550: {Section}:ForwardLimit must be between 1 and 10; it is {options.ForwardLimit}");
        }

        return options;
    }

    /// <summary>Applies <paramref name="options"/> first in the pipeline, so every endpoint sees the client's address.</summary>
    public static void Use(WebApplication app, ForwardedHeadersOptions? options)
    {
        if (options is not null)
        {
            app.UseForwardedHeaders(options);
        }
    }

    private static string[] Values(IConfigurationSection section)
    {
        var values = section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        // A single value (Mandate__ForwardedHeaders__KnownProxies=10.0.0.5) or a comma-separated list.
        if (section.Value is { Length: > 0 } single)
        {
            values.AddRange(single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return [.. values];
    }

    private static CliException Invalid(string key, string value, string what) =>
        new(ExitCodes.Failure, $"MND1550: {Section}:{key}: '{value}' is not {what}");
}
