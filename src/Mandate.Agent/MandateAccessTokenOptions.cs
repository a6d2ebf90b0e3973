namespace Mandate.Agent;

/// <summary>Which token <see cref="MandateTokenHandler"/> attaches to the requests of one named HttpClient.</summary>
public sealed class MandateAccessTokenOptions
{
    /// <summary>RFC 6749 §3.3 space-delimited scopes to request.</summary>
    /// <value>Default: <see langword="null"/> (the agent's default scopes).</value>
    public string? Scope { get; set; }

    /// <summary>RFC 8707 §2 resource indicator (absolute URI of the API).</summary>
    /// <value>Default: <see langword="null"/> (none).</value>
    public Uri? Resource { get; set; }

    internal TokenRequestParameters ToParameters() => new(Scope, Resource);
}
