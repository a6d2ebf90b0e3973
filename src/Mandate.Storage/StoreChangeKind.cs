namespace Mandate.Storage;

/// <summary>What another server changed in a shared store, as announced by <see cref="IStoreChangeSignal"/>.</summary>
public enum StoreChangeKind
{
    /// <summary>Events were appended to the revocation log (<see cref="IRevocationStore"/>).</summary>
    Revocations = 0,

    /// <summary>Agents were created or updated, or their monitoring policy changed (<see cref="IAgentChangeFeed"/>).</summary>
    Agents = 1,

    /// <summary>Signing keys were added, activated, retired, revoked or removed (<see cref="ISigningKeyStore"/>).</summary>
    SigningKeys = 2,

    /// <summary>Trusted issuers were added, replaced or removed (<see cref="ITrustedIssuerStore"/>).</summary>
    TrustedIssuers = 3,
}
