namespace Mandate.ResourceServer;

/// <summary>Default values used by the Mandate bearer authentication handler.</summary>
public static class MandateBearerDefaults
{
    /// <summary>The default authentication scheme name: <c>MandateBearer</c>.</summary>
    public const string AuthenticationScheme = "MandateBearer";

    /// <summary>RFC 9728 §3: the well-known path of the protected resource metadata document.</summary>
    public const string ProtectedResourceMetadataPath = Mandate.Protocol.Metadata.ProtectedResourceMetadataNames.WellKnownPath;

    /// <summary>RFC 8414 §3: the well-known path of the authorization server metadata document.</summary>
    public const string AuthorizationServerMetadataPath = Mandate.Protocol.Metadata.AuthorizationServerMetadataNames.WellKnownPath;

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> that reports validations.</summary>
    public const string MeterName = "Mandate.ResourceServer";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> that traces validations.</summary>
    public const string ActivitySourceName = "Mandate.ResourceServer";
}
