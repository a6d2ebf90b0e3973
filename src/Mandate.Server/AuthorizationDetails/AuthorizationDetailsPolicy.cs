// Applies the authorization_details request parameter (RFC 9396 §2) to an approved grant:
//  - absent: a client_credentials grant gets none; a derived grant (token exchange, refresh) keeps the details it
//    was approved with (those of the subject token or of the refresh-token family);
//  - present: checked against the client's registered types and fields (AuthorizationDetailsRules), and for a
//    derived grant it must also narrow the held details; the grant then carries exactly the requested array.
using Mandate.Protocol;
using Mandate.Server.Grants;
using Mandate.Storage;
using Microsoft.Extensions.Options;

namespace Mandate.Server.AuthorizationDetails;

internal sealed class AuthorizationDetailsPolicy(IAuthorizationDetailTypeStore store, IOptions<AuthorizationDetailsOptions> options)
{
    private readonly AuthorizationDetailsOptions _options = options.Value;

    /// <summary>The grant with its final <see cref="ApprovedGrant.AuthorizationDetails"/>, or an
    /// <c>invalid_authorization_details</c> error.</summary>
    public async ValueTask<GrantResult> ApplyAsync(ApprovedGrant grant, TokenRequest request, bool derived, CancellationToken cancellationToken)
    {
        var parameter = request.Get(OAuthParameters.AuthorizationDetails);
        if (parameter is null)
        {
            return derived ? grant : grant with { AuthorizationDetails = null };
        }

        var registered = await store.GetAsync(request.Client.Id, cancellationToken).ConfigureAwait(false);
        var (json, error) = AuthorizationDetailsRules.Validate(parameter, registered, _options.TypesSupported);
        if (error is not null)
        {
            return error;
        }

        if (derived && !AuthorizationDetailsRules.IsNarrowing(json!, grant.AuthorizationDetails))
        {
            return AuthorizationDetailsErrors.NotNarrowing;
        }

        return grant with { AuthorizationDetails = json };
    }
}
