using Microsoft.Extensions.Configuration;

namespace Mandate.Cli.Serve;

/// <summary>
/// HTTPS for <c>mandate serve</c> uses Kestrel's standard certificate settings (docs/deployment.md, "HTTPS"):
/// <c>Kestrel:Certificates:Default:Path</c> (PEM or PFX) with <c>KeyPath</c> for a PEM key and <c>Password</c> for an
/// encrypted one, or <c>Subject</c>/<c>Store</c> for the system store. An https <c>--urls</c> without one is refused
/// before anything starts: the ASP.NET Core development certificate is never picked up silently.
/// </summary>
internal static class HttpsCertificate
{
    private const string Section = "Kestrel:Certificates:Default";

    /// <summary>Checks that an https <paramref name="listenUri"/> has a configured, readable certificate.</summary>
    /// <exception cref="CliException">MND1250 when none is configured, MND1251 when a file cannot be read (exit 1).</exception>
    public static void Check(Uri listenUri, IConfiguration configuration)
    {
        if (listenUri.Scheme != Uri.UriSchemeHttps)
        {
            return;
        }

        IConfigurationSection certificate = configuration.GetSection(Section);
        string? path = certificate["Path"];
        if (string.IsNullOrEmpty(path))
        {
            if (!string.IsNullOrEmpty(certificate["Subject"]))
            {
                return; // a certificate from the system store; Kestrel reports a missing one itself
            }

            throw new CliException(ExitCodes.Failure,
                $"MND1250: --urls {listenUri.GetLeftPart(UriPartial.Authority)} is https but no certificate is configured: set {Section}:Path " +
                $"(a PEM or PFX file) and, for a PEM key, {Section}:KeyPath (environment Kestrel__Certificates__Default__Path)");
        }

        EnsureReadable(path, "Path");
        if (certificate["KeyPath"] is { Length: > 0 } keyPath)
        {
            EnsureReadable(keyPath, "KeyPath");
        }
    }

    /// <summary>The one line for a certificate Kestrel could not load at start (wrong password, not a certificate).</summary>
    public static CliException Unusable(Exception exception) =>
        new(ExitCodes.Failure, $"MND1251: the TLS certificate in {Section} cannot be used: {exception.Message.ReplaceLineEndings(" ")}");

    private static void EnsureReadable(string path, string key)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"MND1251: the TLS certificate in {Section} cannot be used: {key} {path}: {exception.Message}");
        }
    }
}
