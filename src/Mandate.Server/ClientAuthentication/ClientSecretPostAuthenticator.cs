// RFC 6749 §2.3.1 client_secret_post: client_id and client_secret in the form body.
using Mandate.Protocol;
using Mandate.Server.Agents;

namespace Mandate.Server.ClientAuthentication;

internal sealed class ClientSecretPostAuthenticator(AgentCache agents, ClientSecretHasher hasher) : IClientAuthenticator
{
    public string Method => ClientAuthenticationMethods.ClientSecretPost;

    public bool IsPresent(ClientAuthenticationContext context) => context.Parameters.ContainsKey(OAuthParameters.ClientSecret);

    public async ValueTask<ClientAuthenticationResult> AuthenticateAsync(ClientAuthenticationContext context, CancellationToken cancellationToken)
    {
        var clientId = context.Get(OAuthParameters.ClientId);
        var secret = context.Get(OAuthParameters.ClientSecret)!;
        if (clientId is null)
        {
            return ClientAuthenticationResult.Fail(null, "client_secret without client_id");
        }

        var agent = await agents.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        return ClientSecretVerification.Verify(hasher, agent, clientId, secret);
    }
}
