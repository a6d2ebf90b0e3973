namespace Mandate.Storage;

/// <summary>
/// One RFC 9396 authorization details type an agent may request, with the fields it may use (besides
/// <c>type</c>) and, optionally, the values allowed per field.
/// </summary>
public sealed record AuthorizationDetailType
{
    /// <summary>The <c>type</c> value, e.g. <c>agent_task</c>. Case-sensitive.</summary>
    public required string Type { get; init; }

    /// <summary>The member names an object of this type may carry besides <c>type</c>.</summary>
    public required IReadOnlyList<string> Fields { get; init; }

    /// <summary>For some fields, the only string values allowed; fields not listed take any JSON value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
