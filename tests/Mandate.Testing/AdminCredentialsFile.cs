using System.Text.Json;

namespace Mandate.Testing;

/// <summary>The bootstrap admin credentials read from <c>{DataDirectory}/admin-credentials.json</c>.</summary>
/// <param name="ClientId">The admin client_id.</param>
/// <param name="ClientSecret">The admin client secret.</param>
/// <param name="Issuer">The issuer the file was written for.</param>
public sealed record AdminCredentialsFile(string ClientId, string ClientSecret, string Issuer)
{
    /// <summary>Reads the file; throws when it is missing or malformed.</summary>
    public static AdminCredentialsFile Read(string dataDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataDirectory, "admin-credentials.json")));
        var root = document.RootElement;
        return new AdminCredentialsFile(
            root.GetProperty("client_id").GetString()!,
            root.GetProperty("client_secret").GetString()!,
            root.GetProperty("issuer").GetString()!);
    }
}
