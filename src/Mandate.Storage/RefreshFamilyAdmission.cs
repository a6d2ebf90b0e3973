namespace Mandate.Storage;

/// <summary>
/// The outcome of <see cref="IRefreshTokenStore.TryCreateFamilyAsync"/>: whether the new family was stored and, when
/// it was refused, when the soonest of the client's live families stops being live (its current token's expiry).
/// </summary>
/// <param name="Created">True when the first token of the new family was stored.</param>
/// <param name="SoonestExpiry">When refused: the earliest expiry among the client's live families; else null.</param>
public readonly record struct RefreshFamilyAdmission(bool Created, DateTimeOffset? SoonestExpiry);
