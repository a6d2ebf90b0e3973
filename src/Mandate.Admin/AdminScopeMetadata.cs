namespace Mandate.Admin;

/// <summary>
/// Endpoint metadata naming the admin scope a route needs (<see cref="Mandate.Protocol.MandateScopes"/>). Every admin
/// route carries one: <see cref="AdminRoutes"/> maps a route and its scope together, and a test walks the route table.
/// </summary>
/// <param name="Scope">The scope that grants the route; <c>mandate:admin</c> grants every route.</param>
internal sealed record AdminScopeMetadata(string Scope);
