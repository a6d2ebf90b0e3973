// The admin API's route table: each route is mapped with the one scope that grants it (and mandate:admin, which grants
// every route). Reads need mandate:read, audit reads mandate:audit; each kind of change needs its job scope.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mandate.Admin;

internal static class AdminRoutes
{
    public static IEndpointConventionBuilder Get(IEndpointRouteBuilder endpoints, string pattern, string scope, Func<HttpContext, string, Task> handler) =>
        Map(endpoints, HttpMethods.Get, pattern, scope, handler);

    public static IEndpointConventionBuilder Post(IEndpointRouteBuilder endpoints, string pattern, string scope, Func<HttpContext, string, Task> handler) =>
        Map(endpoints, HttpMethods.Post, pattern, scope, handler);

    public static IEndpointConventionBuilder Put(IEndpointRouteBuilder endpoints, string pattern, string scope, Func<HttpContext, string, Task> handler) =>
        Map(endpoints, HttpMethods.Put, pattern, scope, handler);

    public static IEndpointConventionBuilder Patch(IEndpointRouteBuilder endpoints, string pattern, string scope, Func<HttpContext, string, Task> handler) =>
        Map(endpoints, HttpMethods.Patch, pattern, scope, handler);

    public static IEndpointConventionBuilder Delete(IEndpointRouteBuilder endpoints, string pattern, string scope, Func<HttpContext, string, Task> handler) =>
        Map(endpoints, HttpMethods.Delete, pattern, scope, handler);

    private static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string method, string pattern, string scope, Func<HttpContext, string, Task> handler) =>
        endpoints.MapMethods(pattern, [method], AdminHttp.Protect(scope, handler)).WithMetadata(new AdminScopeMetadata(scope));
}
