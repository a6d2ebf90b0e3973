namespace Mandate.ResourceServer.Dpop;

/// <summary>Endpoint metadata: requests to this endpoint must use a DPoP-bound token (RFC 9449 §7).</summary>
public interface IRequireDpopMetadata
{
}
