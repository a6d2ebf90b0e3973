using System.Text;

namespace Mandate.Agent;

/// <summary>An access token issued to the agent. <see cref="ToString"/> never prints <see cref="Value"/>.</summary>
/// <param name="Value">The token to send as <c>Authorization: Bearer {Value}</c>.</param>
/// <param name="ExpiresAt">When the token expires: the time the request was sent plus <c>expires_in</c>.</param>
/// <param name="Scope">The granted scope (RFC 6749 §5.1: the requested scope when the server omits it).</param>
/// <param name="TokenType">The <c>token_type</c> of the response: <c>Bearer</c>, or <c>N_A</c> for an exchanged
/// token that is not an access token (RFC 8693 §2.2.1).</param>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt, string? Scope, string TokenType)
{
    /// <summary>The RFC 8693 §2.2.1 <c>issued_token_type</c> of a token obtained by
    /// <see cref="MandateTokenClient.ExchangeAsync"/>, e.g. <c>urn:ietf:params:oauth:token-type:access_token</c>;
    /// <see langword="null"/> for client credentials tokens.</summary>
    public string? IssuedTokenType { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Value = ***, ExpiresAt = ").Append(ExpiresAt.ToString("O"))
            .Append(", Scope = ").Append(Scope)
            .Append(", TokenType = ").Append(TokenType);
        if (IssuedTokenType is not null)
        {
            builder.Append(", IssuedTokenType = ").Append(IssuedTokenType);
        }

        return true;
    }
}
