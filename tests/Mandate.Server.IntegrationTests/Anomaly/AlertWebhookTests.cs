// The alert webhook against a real loopback receiver: signed delivery, retries with backoff on the injected
// TimeProvider (a FakeTimeProvider, advanced by the test), and giving up after MaxAttempts.
using System.Security.Cryptography;
using System.Text;
using Mandate.Server.Anomaly;
using Mandate.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.IntegrationTests.Anomaly;

public sealed class AlertWebhookTests
{
    private const string Secret = "webhook-secret-0123456789";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task Webhook_ReceiverFailsTwice_IsRetriedWithBackoff_ThenDelivered_WithAValidSignature()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500);
        using var sender = CreateSender(receiver.Url, maxAttempts: 5);
        await sender.StartAsync(default);

        sender.Enqueue("alert-1", "{\"id\":\"alert-1\"}");
        await DriveUntilAsync(() => receiver.Requests.Count >= 3);

        var requests = receiver.Requests.ToArray();
        Assert.Equal([500, 500, 200], requests.Select(r => r.Status));
        Assert.All(requests, r => Assert.Equal("{\"id\":\"alert-1\"}", r.Body));
        Assert.All(requests, r => Assert.Equal("alert-1", r.AlertId));
        var signature = requests[2].Signature!;
        var t = signature.Split(',')[0]["t=".Length..];
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(t + "." + requests[2].Body)));
        Assert.Equal("t=" + t + ",v1=" + expected, signature);
        Assert.Equal(2, _logs.Entries.Count(e => e.EventId.Id == 6406));
        await sender.StopAsync(default);
    }

    [Fact]
    public async Task Webhook_ReceiverAlwaysFails_GivesUpAfterMaxAttempts_AndLogsIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 503, 500, 500, 500, 500);
        using var sender = CreateSender(receiver.Url, maxAttempts: 3);
        await sender.StartAsync(default);

        sender.Enqueue("alert-2", "{}");
        await DriveUntilAsync(() => _logs.Contains(6407));

        // More (fake) time brings no further attempt.
        _time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(100);
        Assert.Equal(3, receiver.Requests.Count);
        await sender.StopAsync(default);
    }

    [Fact]
    public void Sign_IsHmacSha256OverTimestampDotBody()
    {
        var header = AlertWebhookSender.Sign("k-0123456789abcdef", 1_700_000_000, "{}");
        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("k-0123456789abcdef"), Encoding.UTF8.GetBytes("1700000000.{}")));

        Assert.Equal("t=1700000000,v1=" + mac, header);
    }

    private AlertWebhookSender CreateSender(Uri url, int maxAttempts)
    {
        var options = Options.Create(new AnomalyOptions
        {
            Webhook = { Url = url, Secret = Secret, MaxAttempts = maxAttempts, InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) },
        });
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        return new AlertWebhookSender(options, _time, factory.CreateLogger<AlertWebhookSender>());
    }

    // The sender waits on the fake clock between attempts: advance it in steps until the condition holds
    // (bounded by real time so a bug fails the test instead of hanging it).
    private async Task DriveUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the webhook sender");
            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(20);
        }
    }
}
