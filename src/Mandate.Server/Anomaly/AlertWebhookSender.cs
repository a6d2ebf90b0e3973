// Delivers alerts to the configured webhook: one JSON POST per alert from a bounded queue, on its own loop
// (never on a token request). Retries with exponential backoff and equal jitter on TimeProvider; gives up
// after MaxAttempts and logs it. Optional HMAC-SHA256 signature over "timestamp.body" (replay-resistant
// when the receiver checks the timestamp), in the style of widely used webhook signatures.
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

internal sealed class AlertWebhookSender : BackgroundService
{
    /// <summary>Header carrying <c>t=UNIX_SECONDS,v1=HEX_HMAC_SHA256</c>.</summary>
    public const string SignatureHeader = "Mandate-Signature";

    private readonly AlertWebhookOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AlertWebhookSender> _logger;
    private readonly Channel<(string AlertId, string Body)> _queue;
    private readonly HttpClient _client;

    public AlertWebhookSender(IOptions<AnomalyOptions> options, TimeProvider timeProvider, ILogger<AlertWebhookSender> logger)
    {
        _options = options.Value.Webhook;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            // A network timeout is wall-clock socket time; only the backoff between attempts runs on TimeProvider.
            Timeout = _options.Timeout,
        };
    }

    /// <summary>True when a webhook URL is configured.</summary>
    public bool Enabled => _options.Url is not null;

    /// <summary>Queues <paramref name="body"/>; never waits. A full queue drops the alert from the webhook and logs it.</summary>
    public void Enqueue(string alertId, string body)
    {
        if (Enabled && !_queue.Writer.TryWrite((alertId, body)))
        {
            AnomalyLog.WebhookQueueFull(_logger, alertId);
        }
    }

    /// <summary>The signature header value for <paramref name="body"/> at <paramref name="unixSeconds"/>.</summary>
    public static string Sign(string secret, long unixSeconds, string body)
    {
        var signed = unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + body;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed));
        return "t=" + unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",v1=" + Convert.ToHexStringLower(mac);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (alertId, body) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await DeliverAsync(alertId, body, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; undelivered alerts remain in the audit log.
        }
    }

    private async Task DeliverAsync(string alertId, string body, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var failure = await TryPostAsync(alertId, body, attempt, stoppingToken).ConfigureAwait(false);
            if (failure is null)
            {
                AnomalyLog.WebhookDelivered(_logger, alertId, attempt);
                return;
            }

            if (attempt >= _options.MaxAttempts)
            {
                AnomalyLog.WebhookGaveUp(_logger, alertId, attempt, failure);
                return;
            }

            var delay = Backoff(attempt);
            AnomalyLog.WebhookAttemptFailed(_logger, attempt, alertId, failure, delay);
            await Task.Delay(delay, _timeProvider, stoppingToken).ConfigureAwait(false);
        }
    }

    // Exponential (InitialBackoff × 2^(attempt-1), capped at MaxBackoff) with equal jitter: half fixed, half
    // random, so retries of many alerts spread out but never collapse to zero.
    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.InitialBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = (long)Math.Min(exponential, _options.MaxBackoff.Ticks);
        var half = capped / 2;
        return TimeSpan.FromTicks(half + (long)(RandomNumberGenerator.GetInt32(1_000_001) / 1_000_000.0 * half));
    }

    private async Task<string?> TryPostAsync(string alertId, string body, int attempt, CancellationToken stoppingToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Mandate-Alert-Id", alertId);
        request.Headers.Add("Mandate-Delivery-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_options.Secret is { } secret)
        {
            request.Headers.Add(SignatureHeader, Sign(secret, _timeProvider.GetUtcNow().ToUnixTimeSeconds(), body));
        }

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stoppingToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : "HTTP " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException exception)
        {
            return exception.HttpRequestError.ToString();
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return "timeout";
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
