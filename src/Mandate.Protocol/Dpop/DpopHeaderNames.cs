namespace Mandate.Protocol.Dpop;

/// <summary>HTTP header and challenge names of RFC 9449.</summary>
public static class DpopHeaderNames
{
    /// <summary>§4.1: the request header that carries the proof.</summary>
    public const string Proof = "DPoP";

    /// <summary>§8, §9: the response header that carries a server- or resource-provided nonce.</summary>
    public const string Nonce = "DPoP-Nonce";

    /// <summary>§7.1: the <c>WWW-Authenticate</c> parameter listing the accepted proof algorithms.</summary>
    public const string AlgorithmsParameter = "algs";
}
