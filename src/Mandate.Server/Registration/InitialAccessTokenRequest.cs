namespace Mandate.Server.Registration;

/// <summary>What an operator asks for when creating an initial access token (admin API <c>POST /admin/registration-tokens</c>).</summary>
internal sealed record InitialAccessTokenRequest
{
    public IReadOnlyList<string>? Scopes { get; init; }
    public IReadOnlyList<string>? Audiences { get; init; }
    public IReadOnlyList<string>? GrantTypes { get; init; }
    public string? Owner { get; init; }
    public long? ExpiresInSeconds { get; init; }
    public int? MaxUses { get; init; }
}
