using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Storage;

namespace Mandate.Server.Grants;

/// <summary>
/// Asks the token endpoint to issue a refresh token with the access token (RFC 6749 §6): a new family, or the
/// rotation of <see cref="Rotating"/>.
/// </summary>
public sealed record RefreshTokenIntent
{
    /// <summary>A new family (token exchange).</summary>
    public static RefreshTokenIntent NewFamily { get; } = new();

    /// <summary>The presented refresh token, rotated on success; null for a new family.</summary>
    public RefreshTokenRecord? Rotating { get; init; }

    /// <summary>Opt-in rule for token exchange: a new family only when the client may use the <c>refresh_token</c>
    /// grant and the token's subject is someone else (a person or another agent), never the client itself.</summary>
    internal static RefreshTokenIntent? ForExchange(Agent client, string subject) =>
        AgentPolicyValidator.Contains(client.AllowedGrantTypes, GrantTypes.RefreshToken) && !string.Equals(subject, client.Id, StringComparison.Ordinal)
            ? NewFamily
            : null;
}
