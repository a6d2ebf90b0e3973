// POST /register (RFC 7591 §3) and GET/PUT/DELETE /register/{client_id} (RFC 7592 §2), as named steps:
// rate limit per source address (429 + Retry-After) → bearer token (RFC 6750 §2.1; 401 invalid_token, never a hint
// whether a client exists) → bounded JSON body → ClientRegistrationService → audit → no-store response.
// Registration requires an initial access token: there is no open registration.
using System.Net;
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Server.Audit;
using Mandate.Server.Endpoints;
using Mandate.Server.RateLimiting;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Registration;

internal sealed class ClientRegistrationEndpoint(
    InitialAccessTokenService initialAccessTokens,
    ClientRegistrationService registrations,
    IRateLimitStore rateLimits,
    IAuditSink audit,
    IssuerUris uris,
    TimeProvider timeProvider,
    IOptions<ClientRegistrationOptions> options,
    ILogger<ClientRegistrationEndpoint> logger)
{
    private const int MaxBodySize = 64 * 1024;

    public async Task RegisterAsync(HttpContext context)
    {
        if (await RefuseAsync(context).ConfigureAwait(false) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var value = Bearer(context);
        var token = value is null ? null : await initialAccessTokens.AuthenticateAsync(value, context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            Log.RegistrationRefused(logger, value is null ? "no initial access token" : "initial access token not usable", Address(context));
            await OAuthErrorResult.ForBearer(value is null ? null : RegistrationErrors.InitialAccessToken).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var (metadata, failure) = await ReadAsync(context).ConfigureAwait(false);
        var outcome = metadata is null ? RegistrationOutcome.Failed(failure!) : await registrations.RegisterAsync(token, metadata, context.RequestAborted).ConfigureAwait(false);
        if (outcome.Agent is not { } agent)
        {
            await FailAsync(context, outcome).ConfigureAwait(false);
            return;
        }

        Log.ClientRegistered(logger, agent.Id, token.Id, agent.Owner ?? "");
        await AuditAsync(context, ClientRegistrationService.Actor(token.Id), "registered", agent.Id).ConfigureAwait(false);
        await ClientInformationResponse.WriteAsync(context, outcome, ClientUri(agent.Id)).ConfigureAwait(false);
    }

    public async Task ManageAsync(HttpContext context)
    {
        if (await RefuseAsync(context).ConfigureAwait(false) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var clientId = context.Request.RouteValues["client_id"] as string ?? "";
        var value = Bearer(context);
        var found = value is null ? null : await registrations.AuthenticateAsync(clientId, value, context.RequestAborted).ConfigureAwait(false);
        if (found is not { } current)
        {
            // RFC 7592 §2: an unknown client and a wrong token look the same (401 invalid_token).
            Log.RegistrationRefused(logger, "registration access token not valid for the client", Address(context));
            await OAuthErrorResult.ForBearer(value is null ? null : RegistrationErrors.RegistrationAccessToken).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsDelete(context.Request.Method))
        {
            await registrations.DeleteAsync(current.Agent, context.RequestAborted).ConfigureAwait(false);
            Log.RegisteredClientChanged(logger, current.Agent.Id, "deleted");
            await AuditAsync(context, ClientRegistrationService.Actor(current.Agent.Id), "registration-deleted", current.Agent.Id).ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.Headers.CacheControl = "no-store";
            return;
        }

        RegistrationOutcome outcome;
        if (HttpMethods.IsPut(context.Request.Method))
        {
            var (metadata, failure) = await ReadAsync(context).ConfigureAwait(false);
            outcome = metadata is null ? RegistrationOutcome.Failed(failure!) : await registrations.UpdateAsync(current.Agent, current.Registration, metadata, context.RequestAborted).ConfigureAwait(false);
            if (outcome.Agent is not null)
            {
                Log.RegisteredClientChanged(logger, current.Agent.Id, "updated");
                await AuditAsync(context, ClientRegistrationService.Actor(current.Agent.Id), "registration-updated", current.Agent.Id).ConfigureAwait(false);
            }
        }
        else
        {
            outcome = await registrations.ReadAsync(current.Agent, current.Registration, context.RequestAborted).ConfigureAwait(false);
        }

        if (outcome.Agent is null)
        {
            await FailAsync(context, outcome).ConfigureAwait(false);
            return;
        }

        await ClientInformationResponse.WriteAsync(context, outcome, ClientUri(current.Agent.Id)).ConfigureAwait(false);
    }

    private string ClientUri(string clientId) => uris.Issuer + "/register/" + clientId;

    private Task FailAsync(HttpContext context, RegistrationOutcome outcome)
    {
        Log.RegistrationRefused(logger, outcome.Error!.Description ?? outcome.Error.Code, Address(context));
        return outcome.StatusCode == StatusCodes.Status401Unauthorized
            ? OAuthErrorResult.ForBearer(outcome.Error).ExecuteAsync(context)
            : OAuthErrorResult.WithStatus(outcome.Error, outcome.StatusCode).ExecuteAsync(context);
    }

    // A fixed window per source address, counted in IRateLimitStore so the limit holds across nodes.
    private async Task<OAuthErrorResult?> RefuseAsync(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return null;
        }

        var settings = options.Value;
        var (start, end) = FixedWindow.Of(timeProvider.GetUtcNow(), settings.Window);
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        try
        {
            var count = await rateLimits.IncrementAsync("register-address:" + normalized, start, end, context.RequestAborted).ConfigureAwait(false);
            if (count <= settings.RequestsPerAddress)
            {
                return null;
            }

            if (count == settings.RequestsPerAddress + 1)
            {
                Log.RegistrationRateLimited(logger, normalized.ToString(), end);
            }

            return OAuthErrorResult.TooManyRequests(RegistrationErrors.TooManyRequests, end - timeProvider.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RegistrationStoreFailed(logger, ex.GetType().Name, ex.Message);
            return OAuthErrorResult.WithStatus(RegistrationErrors.Unavailable, StatusCodes.Status503ServiceUnavailable);
        }
    }

    private async Task AuditAsync(HttpContext context, string actor, string action, string agentId)
    {
        var request = AuditRequestContext.From(context);
        try
        {
            await audit.WriteAsync(new AuditRecord
            {
                Timestamp = timeProvider.GetUtcNow(),
                Type = AuditEventTypes.AdminAgentChanged,
                AgentId = agentId,
                ClientId = actor,
                Reason = action,
                ClientAddress = request.ClientAddress,
                UserAgent = request.UserAgent,
                TraceId = request.TraceId,
                SpanId = request.SpanId,
            }, context.RequestAborted).ConfigureAwait(false);
        }
        catch (AuditUnavailableException exception)
        {
            // The change is stored; a failed audit commit is logged, not turned into an error response.
            Log.AdminChangeNotAudited(logger, action, agentId, Faults.FaultText.Of(exception));
        }
    }

    private static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization;
        return header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && value.Length > 7
            ? value[7..].Trim()
            : null;
    }

    private static string? Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    private static async Task<(ClientMetadata? Metadata, OAuthError? Failure)> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        // RFC 7591 §3.1: the metadata is sent as application/json.
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, RegistrationErrors.Body);
        }

        if (request.ContentLength > MaxBodySize)
        {
            return (null, RegistrationErrors.BodyTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodySize)
            {
                return (null, RegistrationErrors.BodyTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var metadata = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), RegistrationJsonContext.Default.ClientMetadata);
            return metadata is null ? (null, RegistrationErrors.Body) : (metadata, null);
        }
        catch (JsonException)
        {
            return (null, RegistrationErrors.Body);
        }
    }
}
