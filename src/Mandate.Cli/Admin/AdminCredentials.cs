using System.Text.Json;
using Mandate.Cli.Http;

namespace Mandate.Cli.Admin;

/// <summary>
/// The bootstrap admin client's credentials: from MANDATE_ADMIN_CLIENT_ID / MANDATE_ADMIN_CLIENT_SECRET,
/// else from <c>{data-dir}/admin-credentials.json</c> (<c>{"client_id","client_secret","issuer"}</c>).
/// </summary>
/// <param name="ClientId">The admin client id.</param>
/// <param name="ClientSecret">The admin client secret; never printed.</param>
/// <param name="Issuer">The issuer named in the credentials file, or null (environment variables carry none).</param>
internal sealed record AdminCredentials(string ClientId, string ClientSecret, string? Issuer)
{
    /// <summary>Environment variable holding the admin client id.</summary>
    public const string ClientIdVariable = "MANDATE_ADMIN_CLIENT_ID";

    /// <summary>Environment variable holding the admin client secret.</summary>
    public const string ClientSecretVariable = "MANDATE_ADMIN_CLIENT_SECRET";

    /// <summary>File name of the credentials inside the data folder.</summary>
    public const string FileName = "admin-credentials.json";

    /// <summary>Resolves the credentials; throws <see cref="CliException"/> with exit code 4 when there are none.</summary>
    public static AdminCredentials Resolve(CliContext context, string dataDirectory)
    {
        string? id = context.GetEnvironmentVariable(ClientIdVariable);
        string? secret = context.GetEnvironmentVariable(ClientSecretVariable);
        if (!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(secret))
        {
            return new AdminCredentials(id, secret, null);
        }

        string path = Path.Combine(context.ResolvePath(dataDirectory), FileName);
        if (!File.Exists(path))
        {
            throw new CliException(
                ExitCodes.AuthenticationFailed,
                $"no admin credentials: set {ClientIdVariable} and {ClientSecretVariable}, or point --data-dir at the server's data folder ({path} not found)");
        }

        JsonElement? json = JsonText.TryParse(File.ReadAllBytes(path));
        string? fileId = json is { } j ? JsonText.GetString(j, "client_id") : null;
        string? fileSecret = json is { } k ? JsonText.GetString(k, "client_secret") : null;
        if (string.IsNullOrEmpty(fileId) || string.IsNullOrEmpty(fileSecret))
        {
            throw new CliException(ExitCodes.AuthenticationFailed, $"{path} does not hold client_id and client_secret");
        }

        return new AdminCredentials(fileId, fileSecret, JsonText.GetString(json!.Value, "issuer"));
    }
}
