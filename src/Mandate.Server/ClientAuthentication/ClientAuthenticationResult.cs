using System.Diagnostics.CodeAnalysis;
using Mandate.Protocol;
using Mandate.Storage;

namespace Mandate.Server.ClientAuthentication;

/// <summary>The authenticated agent, or the error to send plus a reason for the operator log.</summary>
public readonly record struct ClientAuthenticationResult
{
    /// <summary>The authenticated agent; null on failure.</summary>
    public Agent? Client { get; init; }

    /// <summary>The error to return; null on success.</summary>
    public OAuthError? Error { get; init; }

    /// <summary>
    /// The client id the request claimed, for logs and audit records, or null: cut to
    /// <see cref="UntrustedText.MaxIdentifierLength"/>, and redacted when it looks like a credential (a swapped id and secret).
    /// </summary>
    public string? ClaimedClientId { get; init; }

    /// <summary>Operator-facing detail for the log; never sent to the client.</summary>
    public string? FailureReason { get; init; }

    /// <summary>True when <see cref="Client"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Client))]
    public bool Succeeded => Client is not null;

    /// <summary>A success.</summary>
    public static ClientAuthenticationResult Success(Agent client) => new() { Client = client, ClaimedClientId = client.ClientId };

    /// <summary>A generic <c>invalid_client</c> failure, identical whatever the reason.</summary>
    public static ClientAuthenticationResult Fail(string? claimedClientId, string reason) =>
        new() { Error = ErrorDescriptions.ClientAuthenticationFailed, ClaimedClientId = Recordable(claimedClientId), FailureReason = reason };

    /// <summary>A failure with a specific error (e.g. <c>invalid_request</c> for a malformed request).</summary>
    public static ClientAuthenticationResult Fail(OAuthError error, string? claimedClientId, string reason) =>
        new() { Error = error, ClaimedClientId = Recordable(claimedClientId), FailureReason = reason };

    private static string? Recordable(string? claimedClientId) => UntrustedText.ForRecord(claimedClientId, UntrustedText.MaxIdentifierLength);
}
