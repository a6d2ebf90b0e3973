using Microsoft.AspNetCore.Builder;

namespace Mandate.ResourceServer.Dpop;

/// <summary>Per-endpoint DPoP requirement for minimal APIs and controllers.</summary>
public static class DpopEndpointConventionBuilderExtensions
{
    /// <summary>Requires a DPoP-bound token with the <c>DPoP</c> scheme on these endpoints (RFC 9449 §7.1); Bearer is refused.</summary>
    /// <typeparam name="TBuilder">The endpoint builder.</typeparam>
    /// <param name="builder">The endpoints.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder RequireDPoP<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(static endpoint => endpoint.Metadata.Add(new RequireDpopAttribute()));
        return builder;
    }
}
