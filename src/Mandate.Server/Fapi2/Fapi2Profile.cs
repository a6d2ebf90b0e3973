using Mandate.Protocol;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Fapi2;

/// <summary>The FAPI 2.0 Security Profile rules the endpoints apply when <see cref="Fapi2Options.Enabled"/> is on.</summary>
internal sealed class Fapi2Profile(IOptions<Fapi2Options> options, IssuerUris uris)
{
    /// <summary>FAPI 2.0 Security Profile §5.4.1: the signature algorithms this server accepts and uses with the profile on.</summary>
    public static readonly IReadOnlyList<string> Algorithms = ["ES256", "PS256"];

    /// <summary>MND3552: a client that authenticated with anything but private_key_jwt (FAPI 2.0 §5.3.2.1 item 6).</summary>
    public static readonly OAuthError PrivateKeyJwtRequired = new(OAuthErrorCodes.InvalidClient, "MND3552: This server runs the FAPI 2.0 profile: clients authenticate with private_key_jwt only.");

    /// <summary>True when the profile is on.</summary>
    public bool Enabled { get; } = options.Value.Enabled;

    /// <summary>True when the profile applies to <paramref name="agent"/>: it is on, and the agent may get tokens for
    /// more than this server's admin API.</summary>
    public bool AppliesTo(Agent agent) =>
        Enabled && !(agent.AllowedAudiences.Count > 0 && agent.AllowedAudiences.All(a => string.Equals(a, uris.AdminAudience, StringComparison.Ordinal)));

    /// <summary>True when <paramref name="algorithm"/> may be used with the profile on (always true with it off).</summary>
    public bool Allows(string algorithm) => !Enabled || Algorithms.Contains(algorithm, StringComparer.Ordinal);
}
