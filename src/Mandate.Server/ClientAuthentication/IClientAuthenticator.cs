namespace Mandate.Server.ClientAuthentication;

/// <summary>
/// One token endpoint client authentication method (RFC 6749 §2.3, RFC 7523 §2.2). The endpoint asks
/// every registered authenticator whether its credentials are present; exactly one may be, otherwise the
/// request is refused (RFC 6749 §2.3: a client MUST NOT use more than one method per request).
/// </summary>
public interface IClientAuthenticator
{
    /// <summary>The RFC 8414 method name, e.g. <c>client_secret_basic</c>.</summary>
    string Method { get; }

    /// <summary>True when the request carries this method's credentials (complete or not).</summary>
    bool IsPresent(ClientAuthenticationContext context);

    /// <summary>Identifies and authenticates the client. Only called when <see cref="IsPresent"/> is true.</summary>
    /// <returns>The agent, or an error. Implementations must not reveal whether a client id exists.</returns>
    ValueTask<ClientAuthenticationResult> AuthenticateAsync(ClientAuthenticationContext context, CancellationToken cancellationToken);
}
