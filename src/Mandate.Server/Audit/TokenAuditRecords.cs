using Mandate.Protocol;
using Mandate.Server.Grants;
using Mandate.Server.Tokens;
using Mandate.Storage;

namespace Mandate.Server.Audit;

/// <summary>Builds the <c>token.issued</c> and <c>token.denied</c> records of the token endpoint. Never copies a token or secret.</summary>
internal static class TokenAuditRecords
{
    /// <summary>Longest stored requested scope or resource.</summary>
    public const int MaxRequestedValueLength = 1024;

    public static AuditRecord Issued(DateTimeOffset now, ApprovedGrant grant, string agentId, TokenResponse token, in AuditRequestContext request) => new()
    {
        Timestamp = now,
        Type = AuditEventTypes.TokenIssued,
        AgentId = agentId,
        ClientId = grant.ClientId,
        GrantType = grant.GrantType,
        TokenId = token.TokenId,
        KeyId = token.KeyId,
        Scopes = token.Scope.Length == 0 ? null : token.Scope,
        Audience = grant.Audience,
        LifetimeSeconds = token.ExpiresIn,
        ClientAddress = request.ClientAddress,
        UserAgent = request.UserAgent,
        TraceId = request.TraceId,
        SpanId = request.SpanId,
        Details = grant.Actors.Count == 0 && grant.ParentTokenId is null && grant.AuthorizationDetails is null ? null : DelegationDetails(grant),
    };

    /// <summary>
    /// <c>{"act":["newest",...,"oldest"],"parent_jti":"...","authorization_details":[...]}</c> for exchanged tokens
    /// (RFC 8693 §4.1 order, newest actor first), so a chain can be followed through the log by <c>parent_jti</c>;
    /// <c>authorization_details</c> (RFC 9396 §2) is the granted array when the token carries one.
    /// </summary>
    public static string DelegationDetails(ApprovedGrant grant)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("act");
            foreach (var actor in grant.Actors)
            {
                json.WriteStringValue(actor);
            }

            json.WriteEndArray();
            if (grant.ParentTokenId is { } parent)
            {
                json.WriteString("parent_jti", parent);
            }

            if (grant.AuthorizationDetails is { } details)
            {
                json.WritePropertyName("authorization_details");
                json.WriteRawValue(details);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// A denial. The client-supplied values (<paramref name="clientId"/>, <paramref name="grantType"/>, and what the
    /// client asked for in <paramref name="requestedScope"/> and <paramref name="requestedResource"/>) are bounded and
    /// never stored when credential-shaped (<see cref="UntrustedText"/>).
    /// </summary>
    public static AuditRecord Denied(
        DateTimeOffset now,
        OAuthError error,
        string? reason,
        string? agentId,
        string? clientId,
        string? grantType,
        string? requestedScope,
        string? requestedResource,
        in AuditRequestContext request) => new()
    {
        Timestamp = now,
        Type = AuditEventTypes.TokenDenied,
        AgentId = agentId,
        ClientId = UntrustedText.ForRecord(clientId, UntrustedText.MaxIdentifierLength),
        GrantType = UntrustedText.ForRecord(grantType, UntrustedText.MaxIdentifierLength),
        Error = error.Code,
        Reason = reason ?? error.Description,
        Scopes = UntrustedText.ForRecord(requestedScope, MaxRequestedValueLength),
        Audience = UntrustedText.ForRecord(requestedResource, MaxRequestedValueLength),
        ClientAddress = request.ClientAddress,
        UserAgent = request.UserAgent,
        TraceId = request.TraceId,
        SpanId = request.SpanId,
    };
}
