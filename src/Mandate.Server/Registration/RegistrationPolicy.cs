using Mandate.Storage;

namespace Mandate.Server.Registration;

/// <summary>What a registered client may be given: the caps of its initial access token.</summary>
internal sealed record RegistrationPolicy(IReadOnlyList<string> Scopes, IReadOnlyList<string> GrantTypes, IReadOnlyList<string> Audiences, string? Owner)
{
    public static RegistrationPolicy From(InitialAccessToken token) => new(token.Scopes, token.GrantTypes, token.Audiences, token.Owner);

    /// <summary>For a client whose initial access token is gone: what it already has, and no more.</summary>
    public static RegistrationPolicy From(Agent agent) => new(agent.AllowedScopes, agent.AllowedGrantTypes, agent.AllowedAudiences, agent.Owner);
}
