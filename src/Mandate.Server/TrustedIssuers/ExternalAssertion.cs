using Mandate.Jose.Jwt;
using Mandate.Storage;

namespace Mandate.Server.TrustedIssuers;

/// <summary>A validated JWT of a trusted issuer.</summary>
/// <param name="Issuer">The trusted issuer record that vouched for it.</param>
/// <param name="Claims">The verified claims.</param>
/// <param name="Subject">The value of the issuer's subject claim (not namespaced).</param>
/// <param name="Type">The header <c>typ</c>, or null.</param>
internal sealed record ExternalAssertion(TrustedIssuer Issuer, JwtClaims Claims, string Subject, string? Type)
{
    /// <summary>The namespaced Mandate subject (<see cref="Mandate.Protocol.ExternalSubject"/>).</summary>
    public string MandateSubject => Mandate.Protocol.ExternalSubject.For(Issuer.Name, Subject);
}
