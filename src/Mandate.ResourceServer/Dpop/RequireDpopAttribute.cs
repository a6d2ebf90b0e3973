namespace Mandate.ResourceServer.Dpop;

/// <summary>Marks an endpoint that accepts only DPoP-bound tokens presented with the <c>DPoP</c> scheme (RFC 9449 §7.1).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireDpopAttribute : Attribute, IRequireDpopMetadata
{
}
