namespace Mandate.Server.AuthorizationDetails;

/// <summary>RFC 9396 Rich Authorization Requests: which <c>authorization_details</c> types this server accepts.</summary>
public sealed class AuthorizationDetailsOptions
{
    /// <summary>The types an operator may register for agents, listed in the metadata as
    /// <c>authorization_details_types_supported</c> (RFC 9396 §10). Each agent then gets its own subset, with its
    /// fields, through <c>PUT /admin/agents/{id}/authorization-details-types</c>.</summary>
    /// <value>Distinct, non-empty names of at most 64 characters. Default: empty, meaning the feature is off: no
    /// type can be registered and every request with <c>authorization_details</c> is refused.</value>
    public IList<string> TypesSupported { get; set; } = [];
}
