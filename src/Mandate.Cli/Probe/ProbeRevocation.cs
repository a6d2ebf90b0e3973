// The probe's revocation case: a fresh real token the API accepts is revoked at the issuer (RFC 7009 §2.1) and must be
// refused within the ttl of the Token Status List it names (draft-ietf-oauth-status-list §6.1, §13.7), the longest an
// API that reads only the list may keep using its copy.
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Http;
using Mandate.Cli.Inspect;
using Mandate.Protocol.StatusList;
using Mandate.Protocol;

namespace Mandate.Cli.Probe;

internal sealed class ProbeRevocation(CliContext context, HttpClient http, ServerMetadata metadata, Uri tokenEndpoint, ProbeSettings settings, Func<ProbeRequest, Task<HttpResponseMessage>> send)
{
    public const string Name = "revoked, checked through the status list";

    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromSeconds(60);

    /// <returns>The case's name, its outcome, and whether the API accepted the revoked token (null: not run).</returns>
    public async Task<(string Name, string Outcome, bool? Accepted)> RunAsync(CancellationToken cancellationToken)
    {
        string token;
        try
        {
            JsonObject fresh = await Commands.AgentTokenRequest.RequestAsync(
                context, settings.Issuer, tokenEndpoint, settings.ClientId, new Commands.AgentCredential(settings.ClientSecret, null), null,
                settings.Scope, settings.Resource, cancellationToken, "could not get a second real token");
            token = fresh[OAuthParameters.AccessToken]!.GetValue<string>();
        }
        catch (CliException exception) when (exception.ExitCode != ExitCodes.Unreachable)
        {
            return (Name, exception.Message, null);
        }

        UnverifiedJwt decoded = UnverifiedJwt.Decode(token);
        if (!decoded.Payload.TryGetProperty(StatusListNames.Status, out JsonElement status) || status.ValueKind != JsonValueKind.Object
            || !status.TryGetProperty(StatusListNames.StatusList, out JsonElement list) || JsonText.GetString(list, StatusListNames.Uri) is not { } listUri)
        {
            return (Name, "the issuer's tokens carry no status claim", null);
        }

        if (metadata.RevocationEndpoint is null)
        {
            return (Name, "the issuer names no revocation_endpoint", null);
        }

        using (HttpResponseMessage before = await send(new ProbeRequest(token)))
        {
            if (!before.IsSuccessStatusCode)
            {
                return (Name, $"the API refused the fresh token before it was revoked: HTTP {(int)before.StatusCode}", null);
            }
        }

        await RevokeAsync(token, cancellationToken);
        TimeSpan ttl = await ReadTimeToLiveAsync(listUri, cancellationToken);
        TimeSpan deadline = ttl + Margin;
        context.Output.WriteLine($"waiting   up to {deadline.TotalSeconds:0} s (the list's ttl of {ttl.TotalSeconds:0} s + {Margin.TotalSeconds:0} s) for the API to refuse a revoked token");
        long started = context.TimeProvider.GetTimestamp();
        while (true)
        {
            using HttpResponseMessage response = await send(new ProbeRequest(token));
            TimeSpan elapsed = context.TimeProvider.GetElapsedTime(started);
            if (!response.IsSuccessStatusCode)
            {
                return (Name, $"HTTP {(int)response.StatusCode} after {elapsed.TotalSeconds:0.0} s", false);
            }

            if (elapsed >= deadline)
            {
                return (Name, $"still HTTP {(int)response.StatusCode} {elapsed.TotalSeconds:0} s after revocation; the list's ttl is {ttl.TotalSeconds:0} s", true);
            }

            await Task.Delay(PollInterval, context.TimeProvider, cancellationToken);
        }
    }

    private async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        Uri endpoint = ServerMetadata.Rebase(metadata.RevocationEndpoint!, new Uri(metadata.Issuer), settings.Issuer);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent([new(OAuthParameters.Token, token), new(OAuthParameters.TokenTypeHint, OAuthParameters.AccessToken)]),
        };
        string credentials = Uri.EscapeDataString(settings.ClientId) + ":" + Uri.EscapeDataString(settings.ClientSecret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        using HttpResponseMessage response = await Reachability.SendAsync(http, request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException(ExitCodes.Failure, $"the issuer did not revoke the probe's token: HTTP {(int)response.StatusCode}");
        }
    }

    // The list's ttl claim (§13.7), read without verifying: it only bounds how long the probe waits.
    private async Task<TimeSpan> ReadTimeToLiveAsync(string listUri, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(listUri, UriKind.Absolute, out Uri? uri))
        {
            return DefaultTimeToLive;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, ServerMetadata.Rebase(uri, new Uri(metadata.Issuer), settings.Issuer));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(StatusListNames.MediaType));
        using HttpResponseMessage response = await Reachability.SendAsync(http, request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return DefaultTimeToLive;
        }

        UnverifiedJwt list;
        try
        {
            list = UnverifiedJwt.Decode((await response.Content.ReadAsStringAsync(cancellationToken)).Trim());
        }
        catch (CliException)
        {
            return DefaultTimeToLive;
        }

        return list.Payload.TryGetProperty(StatusListNames.TimeToLive, out JsonElement ttl) && ttl.TryGetInt64(out long seconds) && seconds is > 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeToLive;
    }
}
