namespace Mandate.ResourceServer;

/// <summary>The name of one scheme added by <c>AddMandateBearer</c>, registered so start-up services can find every scheme.</summary>
/// <param name="Name">The authentication scheme name.</param>
internal sealed record MandateBearerSchemeName(string Name);
