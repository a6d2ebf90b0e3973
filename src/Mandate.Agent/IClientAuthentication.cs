namespace Mandate.Agent;

/// <summary>Adds client authentication to one token request (RFC 6749 §2.3).</summary>
internal interface IClientAuthentication
{
    /// <summary>Adds a header to <paramref name="request"/> or parameters to <paramref name="form"/>.</summary>
    void Apply(HttpRequestMessage request, List<KeyValuePair<string, string>> form, Uri tokenEndpoint);
}
