using Mandate.Server.Grants;

namespace Mandate.Server.Tokens;

/// <summary>Phase 2 of the token endpoint, shared by every grant: turns an approval into an access token.</summary>
public interface ITokenIssuer
{
    /// <summary>Mints the access token for <paramref name="grant"/>.</summary>
    /// <returns>The token response. Throws only on server faults (for example no signing key).</returns>
    ValueTask<TokenResponse> IssueAsync(ApprovedGrant grant, CancellationToken cancellationToken);
}
