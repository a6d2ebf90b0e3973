using System.Text;
using Microsoft.Extensions.Configuration;

namespace Mandate.Agent;

/// <summary>
/// An agent's client credentials, loaded from configuration, the environment or the JSON file the
/// Mandate server writes (<c>{"client_id","client_secret","issuer"}</c>). <see cref="ToString"/>
/// never prints the secret.
/// </summary>
public sealed class MandateCredentials
{
    /// <summary>Environment variable naming the Mandate server (its issuer URL), the same one the <c>mandate</c> command reads.</summary>
    public const string ServerVariable = "MANDATE_SERVER";

    /// <summary>The former name of <see cref="ServerVariable"/>, still read when <see cref="ServerVariable"/> is not set.</summary>
    [Obsolete("Set MANDATE_SERVER (ServerVariable); MANDATE_ISSUER is read only when MANDATE_SERVER is not set.")]
    public const string IssuerVariable = "MANDATE_ISSUER";

    /// <summary>Environment variable holding the client id.</summary>
    public const string ClientIdVariable = "MANDATE_CLIENT_ID";

    /// <summary>Environment variable holding the client secret.</summary>
    public const string ClientSecretVariable = "MANDATE_CLIENT_SECRET";

    /// <summary>The issuer URL, or <see langword="null"/> when the source did not set it.</summary>
    public Uri? Issuer { get; init; }

    /// <summary>The client id, or <see langword="null"/> when the source did not set it.</summary>
    public string? ClientId { get; init; }

    /// <summary>The client secret, or <see langword="null"/> when the source did not set it.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>Reads <c>Issuer</c>, <c>ClientId</c> and <c>ClientSecret</c> from a configuration section
    /// (e.g. <c>configuration.GetSection("Mandate")</c>); keys are case-insensitive.</summary>
    /// <exception cref="InvalidOperationException">Issuer is set but not an absolute URL.</exception>
    public static MandateCredentials FromConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Create(section["Issuer"], section["ClientId"], section["ClientSecret"], "configuration");
    }

    /// <summary>Reads <c>MANDATE_SERVER</c> (else the former name <c>MANDATE_ISSUER</c>), <c>MANDATE_CLIENT_ID</c> and
    /// <c>MANDATE_CLIENT_SECRET</c>.</summary>
    /// <exception cref="InvalidOperationException">The server variable is set but not an absolute URL.</exception>
    public static MandateCredentials FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    internal static MandateCredentials FromEnvironment(Func<string, string?> lookup) =>
        Create(
            lookup(ServerVariable) is { Length: > 0 } server ? server : lookup("MANDATE_ISSUER"),
            lookup(ClientIdVariable),
            lookup(ClientSecretVariable),
            "environment");

    /// <summary>Reads a credentials file as written by the Mandate server.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidOperationException">The file is not a JSON object with string members
    /// <c>client_id</c>, <c>client_secret</c> and <c>issuer</c>. The message never quotes the file.</exception>
    public static MandateCredentials FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromJson(File.ReadAllBytes(path), Path.GetFileName(path));
    }

    internal static MandateCredentials FromJson(ReadOnlySpan<byte> utf8Json, string source)
    {
        var file = AgentJsonContext.TryRead(utf8Json, AgentJsonContext.Default.CredentialsFileJson)
            ?? throw new InvalidOperationException($"The credentials file '{source}' is not a JSON object with string members client_id, client_secret and issuer.");
        return Create(file.Issuer, file.ClientId, file.ClientSecret, source);
    }

    /// <summary>Copies every credential that is set onto <paramref name="options"/>.</summary>
    public void ApplyTo(MandateTokenClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Issuer = Issuer ?? options.Issuer;
        options.ClientId = ClientId ?? options.ClientId;
        options.ClientSecret = ClientSecret ?? options.ClientSecret;
    }

    /// <summary>Describes the credentials without the secret.</summary>
    public override string ToString() =>
        new StringBuilder("Issuer = ").Append(Issuer).Append(", ClientId = ").Append(ClientId)
            .Append(", ClientSecret = ").Append(MandateTokenClientOptions.Redacted(ClientSecret)).ToString();

    private static MandateCredentials Create(string? issuer, string? clientId, string? clientSecret, string source)
    {
        Uri? issuerUri = null;
        if (!string.IsNullOrEmpty(issuer) && !Uri.TryCreate(issuer, UriKind.Absolute, out issuerUri))
        {
            throw new InvalidOperationException($"The issuer from {source} is not an absolute URL.");
        }

        return new MandateCredentials
        {
            Issuer = issuerUri,
            ClientId = string.IsNullOrEmpty(clientId) ? null : clientId,
            ClientSecret = string.IsNullOrEmpty(clientSecret) ? null : clientSecret,
        };
    }
}
