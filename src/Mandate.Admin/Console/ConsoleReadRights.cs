// Which console pages an operator may read, taken from the admin API's route table: a console page names the
// GET route of the admin API that reads the same data, and it is readable iff that route's scope (its
// AdminScopeMetadata, mandate:admin granting all) is among the operator's rights. There is no second list of
// read scopes: a change to the admin route table changes the console with it.
using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mandate.Admin.Console;

internal sealed class ConsoleReadRights(EndpointDataSource endpoints)
{
    private readonly Lazy<FrozenDictionary<string, string>> _scopes = new(() => Read(endpoints));

    /// <summary>The admin scope of the admin API's <c>GET <paramref name="adminRoute"/></c>.</summary>
    /// <exception cref="InvalidOperationException">The admin API does not map that GET route (a console bug or the admin API not mapped).</exception>
    public string ScopeOf(string adminRoute) =>
        _scopes.Value.TryGetValue(adminRoute, out var scope)
            ? scope
            : throw new InvalidOperationException($"The admin API maps no GET {adminRoute}; map it with MapMandateAdmin before the console is used.");

    /// <summary>The console right that <see cref="ScopeOf"/> grants.</summary>
    public ConsoleRole RightOf(string adminRoute) => ConsoleRoles.FromScopes([ScopeOf(adminRoute)]);

    private static FrozenDictionary<string, string> Read(EndpointDataSource endpoints)
    {
        var scopes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var scope = endpoint.Metadata.GetMetadata<AdminScopeMetadata>();
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>();
            if (scope is not null && methods is not null && methods.HttpMethods.Contains(HttpMethods.Get) && endpoint.RoutePattern.RawText is { } pattern)
            {
                scopes[pattern] = scope.Scope;
            }
        }

        return scopes.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
