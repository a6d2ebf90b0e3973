using Mandate.Protocol;
using Mandate.Server.Grants.ClientCredentials;

namespace Mandate.Server.Grants.TokenExchange;

/// <summary>
/// The target of an exchanged token, shared by every exchange path: RFC 8707 <c>resource</c> or RFC 8693 §2.1
/// <c>audience</c> (never both), naming one of the calling agent's allowed audiences. Mandate's targets are URIs, so
/// both parameters name the same thing; without either, the agent's only audience is used.
/// </summary>
internal static class ExchangeAudience
{
    public static string? Resolve(TokenRequest request, IReadOnlyList<string> allowedAudiences, out OAuthError? error)
    {
        var resources = request.GetValues(OAuthParameters.Resource);
        var audiences = request.GetValues(OAuthParameters.Audience);
        if (resources.Count > 0 && audiences.Count > 0)
        {
            error = TokenExchangeErrors.ResourceAndAudience;
            return null;
        }

        return ClientCredentialsGrantHandler.ResolveAudience(resources.Count > 0 ? resources : audiences, allowedAudiences, out error);
    }
}
