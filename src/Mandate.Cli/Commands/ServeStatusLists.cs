using System.Globalization;
using Mandate.Server.StatusList;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Cli.Commands;

/// <summary>
/// Token Status Lists in <c>mandate serve</c> (draft-ietf-oauth-status-list, docs/revocation.md): every access token
/// carries a <c>status</c> claim and revocations set its bit in a list any API can fetch and verify, unless
/// <c>Mandate:StatusList:Enabled</c> is <c>false</c>. The sizes and ttl are <see cref="StatusListOptions"/>, bound from
/// the same section by <see cref="ServeConfiguration"/>.
/// </summary>
internal static class ServeStatusLists
{
    /// <summary>The configuration section of <see cref="StatusListOptions"/> and of the <c>Enabled</c> switch.</summary>
    public const string Section = "Mandate:StatusList";

    /// <summary>Adds the status lists unless configured off.</summary>
    /// <returns>The line <c>mandate serve</c> prints about them.</returns>
    public static string Add(IServiceCollection services, IConfiguration configuration, string issuer)
    {
        // A switch of the command, not of the library: a host that embeds the server calls AddMandateStatusList or not.
        if (!configuration.GetValue(Section + ":Enabled", defaultValue: true))
        {
            return "off (Mandate:StatusList:Enabled=false): APIs that read only the token cannot learn of a revocation before it expires";
        }

        services.AddMandateStatusList();
        var options = new StatusListOptions();
        configuration.GetSection(Section).Bind(options);
        return string.Create(CultureInfo.InvariantCulture, $"{issuer}/statuslists (ttl {(long)options.TimeToLive.TotalSeconds} s)");
    }
}
