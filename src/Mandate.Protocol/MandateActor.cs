// RFC 8693 §4.1: one level of the "act" claim. Only sub, iss and client_id are read; other members stay in the
// raw "act" claim of the principal.
namespace Mandate.Protocol;

/// <summary>One actor of the delegation chain.</summary>
/// <param name="Subject">The actor's <c>sub</c>.</param>
/// <param name="Issuer">The actor's <c>iss</c>, when present.</param>
/// <param name="ClientId">The actor's <c>client_id</c>, when present.</param>
public sealed record MandateActor(string Subject, string? Issuer, string? ClientId);
