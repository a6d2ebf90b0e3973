using Microsoft.Extensions.Primitives;

namespace Mandate.Server.ClientAuthentication;

/// <summary>The parts of a token request that client authentication reads.</summary>
/// <param name="Parameters">The form parameters.</param>
/// <param name="Authorization">The raw <c>Authorization</c> header, or null.</param>
public sealed record ClientAuthenticationContext(IReadOnlyDictionary<string, StringValues> Parameters, string? Authorization)
{
    /// <summary>The single value of a form parameter, or null when absent.</summary>
    public string? Get(string name) => Parameters.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
