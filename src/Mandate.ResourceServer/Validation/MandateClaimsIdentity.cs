using System.Security.Claims;

namespace Mandate.ResourceServer.Validation;

/// <summary>A claims identity that also carries the typed <see cref="MandateAccessToken"/>, so
/// <c>ClaimsPrincipal.GetMandateToken()</c> needs no re-parsing. Survives <see cref="Clone"/>.</summary>
internal sealed class MandateClaimsIdentity : ClaimsIdentity
{
    /// <summary>RFC 9068 §2.2: the subject is <c>sub</c>; no claim-type mapping is applied.</summary>
    public const string SubjectClaimType = "sub";

    /// <summary>RFC 9068 §2.2.3.1 (via RFC 7643): roles arrive in <c>roles</c>.</summary>
    public const string RolesClaimType = "roles";

    public MandateClaimsIdentity(IEnumerable<Claim> claims, string authenticationType, MandateAccessToken accessToken)
        : base(claims, authenticationType, SubjectClaimType, RolesClaimType) => AccessToken = accessToken;

    private MandateClaimsIdentity(MandateClaimsIdentity other)
        : base(other) => AccessToken = other.AccessToken;

    public MandateAccessToken AccessToken { get; }

    public override ClaimsIdentity Clone() => new MandateClaimsIdentity(this);
}
