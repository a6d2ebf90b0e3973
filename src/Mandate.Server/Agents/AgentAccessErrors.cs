// Client-facing errors of the agent access policy at the token endpoint (STYLE §5, IDs MND2710-2719).
// RFC 6749 §5.2 unauthorized_client: "The authenticated client is not authorized to use this authorization
// grant type". The client is authenticated but its policy forbids a token now or from here; which rule failed
// and the request's address and local time go to the audit record and the alert, not to the response.
using Mandate.Protocol;

namespace Mandate.Server.Agents;

internal static class AgentAccessErrors
{
    public static readonly OAuthError OutsideAllowedHours = new(OAuthErrorCodes.UnauthorizedClient, "MND2710: The client may not obtain tokens at this time of day (its allowed hours).");
    public static readonly OAuthError NetworkNotAllowed = new(OAuthErrorCodes.UnauthorizedClient, "MND2711: The client may not obtain tokens from this network (its allowed networks).");

    /// <summary>Audit reason of <see cref="OutsideAllowedHours"/>; the same name as the anomaly rule.</summary>
    public const string OutsideAllowedHoursReason = "outside_allowed_hours";

    /// <summary>Audit reason of <see cref="NetworkNotAllowed"/>; the same name as the anomaly rule.</summary>
    public const string NetworkNotAllowedReason = "network_not_allowed";
}
