using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Mandate.ResourceServer.ModelContextProtocol;

/// <summary>
/// Protects an MCP endpoint (e.g. the one <c>MapMcp("/mcp")</c> of the official C# SDK maps) with Mandate tokens and
/// per-method/per-tool scopes:
/// <code>
/// app.UseAuthentication();
/// app.UseAuthorization();
/// app.UseMandateMcpScopes();
/// app.MapMcp("/mcp").RequireMandateMcpScopes(s => s.RequireScopeForTool("delete_note", "notes:write"));
/// </code>
/// </summary>
public static class MandateMcpExtensions
{
    /// <summary>
    /// Requires a valid Mandate token on every request to the endpoint (401 with <c>resource_metadata</c> otherwise) and
    /// attaches the per-method/per-tool scopes that <see cref="UseMandateMcpScopes"/> enforces.
    /// </summary>
    /// <param name="builder">The MCP endpoint(s).</param>
    /// <param name="configure">Declares the scopes.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder RequireMandateMcpScopes<TBuilder>(this TBuilder builder, Action<MandateMcpScopeOptions> configure)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new MandateMcpScopeOptions();
        configure(options);
        if (options.MaxRequestBytes is < 1024 or > 16 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), "MaxRequestBytes must be between 1 KiB and 16 MiB.");
        }

        var policy = new AuthorizationPolicyBuilder(options.AuthenticationScheme).RequireAuthenticatedUser().Build();
        builder.RequireAuthorization(policy);
        builder.WithMetadata(options);
        return builder;
    }

    /// <summary>
    /// Adds the middleware that checks the scopes declared with <see cref="RequireMandateMcpScopes{TBuilder}"/>. Call it
    /// after <c>UseAuthentication</c> and <c>UseAuthorization</c>, before the endpoints run.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IApplicationBuilder UseMandateMcpScopes(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<MandateMcpScopeMiddleware>();
    }
}
