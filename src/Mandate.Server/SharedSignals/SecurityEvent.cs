using System.Text.Json;

namespace Mandate.Server.SharedSignals;

/// <summary>One event to publish: its type URI, subject, the members of its event object, and the transaction id
/// (RFC 8417 §2.2 <c>txn</c>) shared by the SETs one change produces.</summary>
internal sealed record SecurityEvent(string Type, SubjectIdentifier Subject, DateTimeOffset OccurredAt, Action<Utf8JsonWriter> WriteMembers, string Transaction);
