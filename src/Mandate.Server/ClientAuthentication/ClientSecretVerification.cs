using Mandate.Storage;

namespace Mandate.Server.ClientAuthentication;

/// <summary>
/// The shared secret check of client_secret_basic and client_secret_post. The presented secret is hashed
/// even when the client is unknown or has no secret, so the response and its timing do not reveal
/// whether a client id exists (RFC 6749 §10.1 / STYLE §5).
/// </summary>
internal static class ClientSecretVerification
{
    public static ClientAuthenticationResult Verify(ClientSecretHasher hasher, Agent? agent, string clientId, string secret)
    {
        var matches = hasher.Verify(secret, agent?.SecretHash);
        if (agent is null)
        {
            return ClientAuthenticationResult.Fail(clientId, "unknown client_id");
        }

        return matches ? ClientAuthenticationResult.Success(agent) : ClientAuthenticationResult.Fail(clientId, "wrong client secret");
    }
}
