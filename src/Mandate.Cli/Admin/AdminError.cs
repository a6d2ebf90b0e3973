using System.Net;
using System.Text.Json;
using Mandate.Cli.Http;

namespace Mandate.Cli.Admin;

/// <summary>Turns a failed admin API response into a <see cref="CliException"/> with the documented exit code.</summary>
internal static class AdminError
{
    /// <summary>Maps 400 → 2, 401/403 → 4, 404 → 5, 409 → 6, anything else → 1.</summary>
    public static CliException From(HttpStatusCode status, JsonElement body, string path)
    {
        string? error = JsonText.GetString(body, "error");
        string? description = JsonText.GetString(body, "error_description");
        // The description says more than the code; fall back to the code, then to the status.
        string detail = description ?? error ?? $"HTTP {(int)status}";

        return status switch
        {
            HttpStatusCode.BadRequest => new CliException(ExitCodes.Usage, "the server rejected the request: " + detail),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new CliException(ExitCodes.AuthenticationFailed, "the admin API refused the admin token: " + detail),
            HttpStatusCode.NotFound => new CliException(ExitCodes.NotFound, "not found: " + Subject(path)),
            HttpStatusCode.Conflict => new CliException(ExitCodes.Conflict, "conflict: " + detail),
            _ => new CliException(ExitCodes.Failure, $"the admin API failed ({path}): {detail}"),
        };
    }

    private static string Subject(string path)
    {
        // "admin/agents/agt_x/suspend" -> "agent agt_x"; "admin/trusted-issuers/corp-idp" -> "trusted issuer corp-idp".
        string[] segments = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? noun = segments.Length >= 3 ? segments[1] switch
        {
            "agents" => "agent",
            "trusted-issuers" => "trusted issuer",
            "keys" => "signing key",
            _ => null,
        } : null;
        return noun is null ? "/" + string.Join('/', segments) : $"{noun} {Uri.UnescapeDataString(segments[2])}";
    }
}
