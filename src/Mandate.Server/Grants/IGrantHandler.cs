namespace Mandate.Server.Grants;

/// <summary>
/// One grant type (STYLE §3). Phase 1 of the token endpoint: decide, reading stores but writing nothing.
/// Phase 2 (issuing) is shared by every grant, see <see cref="Tokens.ITokenIssuer"/>. Register an
/// implementation in DI to add a grant; the token endpoint routes to it by <see cref="GrantType"/>.
/// </summary>
public interface IGrantHandler
{
    /// <summary>The <c>grant_type</c> value this handler serves, e.g. <c>client_credentials</c>.</summary>
    string GrantType { get; }

    /// <summary>
    /// Form parameters this grant accepts besides <c>grant_type</c> and the client authentication
    /// parameters. Any other parameter makes the request fail with <c>invalid_request</c>.
    /// </summary>
    IReadOnlySet<string> Parameters { get; }

    /// <summary>Decides the request of an authenticated client that may use this grant.</summary>
    /// <returns>An <see cref="ApprovedGrant"/>, or the <see cref="Mandate.Protocol.OAuthError"/> to send. Never throws for bad input.</returns>
    ValueTask<GrantResult> ValidateAsync(TokenRequest request, CancellationToken cancellationToken);
}
