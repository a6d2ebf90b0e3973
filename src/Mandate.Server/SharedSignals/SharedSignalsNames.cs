// Wire names of OpenID Shared Signals Framework 1.0, CAEP 1.0, RISC 1.0, RFC 8417 (SET), RFC 8935 (push),
// RFC 8936 (poll) and RFC 9493 (subject identifiers), spelled as the specifications spell them.
namespace Mandate.Server.SharedSignals;

internal static class SharedSignalsNames
{
    /// <summary>The scope a receiver's access token needs for the stream management API and polling.</summary>
    public const string Scope = "ssf:manage";

    /// <summary>RFC 8417 §2.3: the <c>typ</c> of a SET; RFC 8935 §2: the media type of a pushed SET.</summary>
    public const string SetType = "secevent+jwt";
    public const string SetMediaType = "application/secevent+jwt";

    /// <summary>SSF 1.0 §6.1: delivery method URNs.</summary>
    public const string PushMethod = "urn:ietf:rfc:8935";
    public const string PollMethod = "urn:ietf:rfc:8936";

    /// <summary>SSF 1.0 §8.1.2: stream statuses.</summary>
    public const string Enabled = "enabled";
    public const string Paused = "paused";
    public const string Disabled = "disabled";

    /// <summary>SSF 1.0 §8.1.4 and §8.1.5: events the transmitter sends about the stream itself.</summary>
    public const string Verification = "https://schemas.openid.net/secevent/ssf/event-type/verification";
    public const string StreamUpdated = "https://schemas.openid.net/secevent/ssf/event-type/stream-updated";

    /// <summary>CAEP 1.0 §3.1, §3.3 and §3.8.</summary>
    public const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    public const string CredentialChange = "https://schemas.openid.net/secevent/caep/event-type/credential-change";
    public const string RiskLevelChange = "https://schemas.openid.net/secevent/caep/event-type/risk-level-change";

    /// <summary>RISC 1.0 §2.2, §2.3 and §2.4.</summary>
    public const string AccountDisabled = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";
    public const string AccountEnabled = "https://schemas.openid.net/secevent/risc/event-type/account-enabled";
    public const string AccountPurged = "https://schemas.openid.net/secevent/risc/event-type/account-purged";

    /// <summary>Mandate's own event: a signing key was revoked, so every token it signed is revoked (no SSF profile
    /// defines a key event).</summary>
    public const string SigningKeyRevoked = "urn:mandate:secevent:event-type:signing-key-revoked";

    /// <summary>The events a receiver may request; verification and stream-updated are sent whatever it requests.</summary>
    public static readonly IReadOnlyList<string> Supported =
        [SessionRevoked, CredentialChange, RiskLevelChange, AccountDisabled, AccountEnabled, AccountPurged, SigningKeyRevoked];
}
