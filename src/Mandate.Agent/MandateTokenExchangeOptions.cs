namespace Mandate.Agent;

/// <summary>What <see cref="MandateTokenExchangeHandler"/> exchanges each request's subject token for.</summary>
public sealed class MandateTokenExchangeOptions
{
    /// <summary>RFC 8707 / RFC 8693 §2.1 <c>resource</c> of the downstream API (absolute URI).</summary>
    /// <value>Default: <see langword="null"/>. Mutually exclusive with <see cref="Audience"/>.</value>
    public Uri? Resource { get; set; }

    /// <summary>RFC 8693 §2.1 <c>audience</c> of the downstream API.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? Audience { get; set; }

    /// <summary>RFC 6749 §3.3 space-delimited scopes to ask for (a narrowing of the subject token's).</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? Scope { get; set; }

    /// <summary>Send the agent's own token as <c>actor_token</c> (see <see cref="TokenExchangeRequest.UseOwnTokenAsActor"/>).</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool UseOwnTokenAsActor { get; set; }

    /// <summary>Which own token <see cref="UseOwnTokenAsActor"/> sends (see <see cref="TokenExchangeRequest.OwnTokenParameters"/>).</summary>
    /// <value>Default: <see langword="null"/> (the agent's defaults).</value>
    public TokenRequestParameters? OwnTokenParameters { get; set; }

    internal TokenExchangeRequest ToRequest() => new()
    {
        Resource = Resource,
        Audience = Audience,
        Scope = Scope,
        UseOwnTokenAsActor = UseOwnTokenAsActor,
        OwnTokenParameters = OwnTokenParameters,
    };
}
