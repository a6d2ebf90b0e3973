namespace Mandate.Jose.Dpop;

/// <summary>The outcome of <see cref="DpopProofValidator.Validate"/>: a proof, or the first check it failed.</summary>
public readonly struct DpopProofResult
{
    internal DpopProofResult(DpopProofError error, DpopProof? proof)
    {
        Error = error;
        Proof = proof;
    }

    /// <summary><see cref="DpopProofError.None"/> when the proof is valid.</summary>
    public DpopProofError Error { get; }

    /// <summary>The verified proof; <see langword="null"/> on failure.</summary>
    public DpopProof? Proof { get; }

    /// <summary>True when <see cref="Error"/> is <see cref="DpopProofError.None"/>.</summary>
    public bool IsValid => Error == DpopProofError.None;
}
