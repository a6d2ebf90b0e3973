namespace Mandate.Storage;

/// <summary>Whether an agent must bind its access tokens to a DPoP key (RFC 9449).</summary>
public enum DpopRequirement
{
    /// <summary>A DPoP proof at the token endpoint is honoured (the token is bound); without one a bearer token is issued.</summary>
    Allowed = 0,

    /// <summary>Every token request must carry a valid DPoP proof; a request without one is refused.</summary>
    Required = 1,
}
