namespace Mandate.Agent;

/// <summary>What a token is requested for. Each distinct (<see cref="Scope"/>, <see cref="Resource"/>)
/// pair has its own cached token.</summary>
/// <param name="Scope">RFC 6749 §3.3 space-delimited scopes, e.g. <c>"tools:read"</c>;
/// <see langword="null"/> or empty lets the server apply the agent's default scopes.</param>
/// <param name="Resource">RFC 8707 §2 absolute URI of the target API; <see langword="null"/> for none.</param>
public sealed record TokenRequestParameters(string? Scope = null, Uri? Resource = null)
{
    /// <summary>No scope and no resource: the agent's defaults.</summary>
    public static TokenRequestParameters Default { get; } = new();
}
