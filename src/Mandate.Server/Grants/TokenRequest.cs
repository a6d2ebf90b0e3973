using Mandate.Storage;
using Microsoft.Extensions.Primitives;

namespace Mandate.Server.Grants;

/// <summary>A token request after form parsing and client authentication.</summary>
public sealed class TokenRequest
{
    /// <summary>Creates a request; used by the token endpoint and by tests.</summary>
    /// <param name="parameters">The form parameters, one entry per name (only multi-valued names have several values).</param>
    /// <param name="client">The authenticated client.</param>
    /// <param name="clientAuthenticationMethod">The RFC 8414 name of the method the client used.</param>
    public TokenRequest(IReadOnlyDictionary<string, StringValues> parameters, Agent client, string clientAuthenticationMethod)
    {
        Parameters = parameters;
        Client = client;
        ClientAuthenticationMethod = clientAuthenticationMethod;
    }

    /// <summary>The form parameters.</summary>
    public IReadOnlyDictionary<string, StringValues> Parameters { get; }

    /// <summary>The authenticated client.</summary>
    public Agent Client { get; }

    /// <summary>How the client authenticated, e.g. <c>client_secret_basic</c>.</summary>
    public string ClientAuthenticationMethod { get; }

    /// <summary>
    /// The RFC 7638 thumbprint of the key that signed the request's valid DPoP proof (RFC 9449 §5), or null when the
    /// request carries none. The issued token is bound to it; token exchange also compares it with the inputs' <c>cnf</c>.
    /// </summary>
    public string? DpopKeyThumbprint { get; init; }

    /// <summary>The single value of a parameter, or null when it is absent.</summary>
    public string? Get(string name) => Parameters.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>All values of a parameter (several only for multi-valued parameters such as <c>resource</c>).</summary>
    public StringValues GetValues(string name) => Parameters.TryGetValue(name, out var values) ? values : StringValues.Empty;
}
