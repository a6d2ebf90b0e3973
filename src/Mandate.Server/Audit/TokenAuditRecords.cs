using Mandate.Protocol;
using Mandate.Server.Grants;
using Mandate.Server.Tokens;
using Mandate.Storage;

namespace Mandate.Server.Audit;

/// <summary>Builds the <c>token.issued</c> and <c>token.denied</c> records of the token endpoint. Never copies a token or secret.</summary>
internal static class TokenAuditRecords
{
    /// <summary>Longest stored client-supplied identifier (a claimed client_id may be anything).</summary>
    public const int MaxClientIdLength = 256;

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
    };

    /// <summary>A denial. <paramref name="requestedScope"/> and <paramref name="requestedResource"/> are what the client asked for (form values, bounded).</summary>
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
        ClientId = AuditRequestContext.Truncate(clientId, MaxClientIdLength),
        GrantType = AuditRequestContext.Truncate(grantType, MaxClientIdLength),
        Error = error.Code,
        Reason = reason ?? error.Description,
        Scopes = AuditRequestContext.Truncate(requestedScope, 1024),
        Audience = AuditRequestContext.Truncate(requestedResource, 1024),
        ClientAddress = request.ClientAddress,
        UserAgent = request.UserAgent,
        TraceId = request.TraceId,
        SpanId = request.SpanId,
    };
}
