namespace Mandate.Agent;

/// <summary>Picks the RFC 6749 §2.3 client authentication method from validated options.</summary>
internal static class ClientAuthenticationFactory
{
    public static IClientAuthentication Create(MandateTokenClientOptions options, TimeProvider time)
    {
        if (options.ClientSecret is not null)
        {
            return new ClientSecretBasicAuthentication(options.ClientId!, options.ClientSecret);
        }

        return PrivateKeyJwtAuthentication.Create(options, time);
    }
}
