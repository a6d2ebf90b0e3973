namespace Mandate.Protocol;

/// <summary>RFC 7523 §2.2 client assertion type.</summary>
public static class ClientAssertionTypes
{
    public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
}
