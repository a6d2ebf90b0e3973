using Microsoft.Extensions.Options;

namespace Mandate.Server.Anomaly;

/// <summary>Fails start-up on out-of-range anomaly settings (STYLE §4).</summary>
internal sealed class AnomalyOptionsValidator : IValidateOptions<AnomalyOptions>
{
    public ValidateOptionsResult Validate(string? name, AnomalyOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(options.QueueCapacity is >= 100 and <= 1_000_000, "Anomaly.QueueCapacity must be between 100 and 1,000,000.");
        Check(options.SuppressRepeatsFor >= TimeSpan.Zero && options.SuppressRepeatsFor <= TimeSpan.FromDays(1), "Anomaly.SuppressRepeatsFor must be between 0 and 1 day.");
        var rate = options.RateSpike;
        Check(rate.Window >= TimeSpan.FromSeconds(10) && rate.Window <= TimeSpan.FromHours(1), "Anomaly.RateSpike.Window must be between 10 seconds and 1 hour.");
        Check(rate.Alpha > 0 && rate.Alpha <= 1, "Anomaly.RateSpike.Alpha must be in (0, 1].");
        Check(rate.Factor is >= 1.5 and <= 1000, "Anomaly.RateSpike.Factor must be between 1.5 and 1000.");
        Check(rate.MinRequests is >= 1 and <= 1_000_000, "Anomaly.RateSpike.MinRequests must be between 1 and 1,000,000.");
        Check(rate.WarmupWindows is >= 1 and <= 1000, "Anomaly.RateSpike.WarmupWindows must be between 1 and 1000.");
        Check(options.Hours.MinHistory is >= 10 and <= 10_000_000, "Anomaly.Hours.MinHistory must be between 10 and 10,000,000.");
        Check(options.Hours.UnusualShare is >= 0 and <= 0.5, "Anomaly.Hours.UnusualShare must be between 0 and 0.5.");
        Check(options.Network.IPv4PrefixLength is >= 8 and <= 32, "Anomaly.Network.IPv4PrefixLength must be between 8 and 32.");
        Check(options.Network.IPv6PrefixLength is >= 16 and <= 128, "Anomaly.Network.IPv6PrefixLength must be between 16 and 128.");
        Check(options.Network.GeoIpDatabasePath is null || File.Exists(options.Network.GeoIpDatabasePath), "Anomaly.Network.GeoIpDatabasePath names no file.");
        var hook = options.Webhook;
        Check(hook.Url is null || (hook.Url.IsAbsoluteUri && (hook.Url.Scheme == Uri.UriSchemeHttps || hook.Url.Scheme == Uri.UriSchemeHttp)), "Anomaly.Webhook.Url must be an absolute http(s) URL.");
        Check(hook.Secret is null || hook.Secret.Length >= 16, "Anomaly.Webhook.Secret must be at least 16 characters.");
        Check(hook.MaxAttempts is >= 1 and <= 20, "Anomaly.Webhook.MaxAttempts must be between 1 and 20.");
        Check(hook.InitialBackoff >= TimeSpan.FromMilliseconds(10) && hook.InitialBackoff <= TimeSpan.FromMinutes(1), "Anomaly.Webhook.InitialBackoff must be between 10 ms and 1 minute.");
        Check(hook.MaxBackoff >= hook.InitialBackoff && hook.MaxBackoff <= TimeSpan.FromHours(1), "Anomaly.Webhook.MaxBackoff must be between InitialBackoff and 1 hour.");
        Check(hook.Timeout >= TimeSpan.FromSeconds(1) && hook.Timeout <= TimeSpan.FromMinutes(2), "Anomaly.Webhook.Timeout must be between 1 second and 2 minutes.");
        Check(hook.QueueCapacity is >= 1 and <= 100_000, "Anomaly.Webhook.QueueCapacity must be between 1 and 100,000.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
