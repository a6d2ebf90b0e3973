// Start-up validation of MandateServerOptions (STYLE §4): fail fast on nonsense rather than run degraded.
// RFC 8414 §2: the issuer is a URL using the https scheme with no query or fragment components.
// Deliberate deviation: http is accepted for loopback hosts (local laptop use) and, with the loudly
// named AllowInsecureHttpIssuer, anywhere.
using System.Net;
using Microsoft.Extensions.Options;
using Mandate.Server.Keys;

namespace Mandate.Server;

internal sealed class MandateServerOptionsValidator : IValidateOptions<MandateServerOptions>
{
    private static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(30);

    public ValidateOptionsResult Validate(string? name, MandateServerOptions options)
    {
        var failures = new List<string>();
        ValidateIssuer(options, failures);

        if (options.ErrorUriTemplate is { } errorUri && !Endpoints.ErrorUris.IsValidTemplate(errorUri))
        {
            failures.Add("MND1600: ErrorUriTemplate must be an absolute http or https URI containing {id}.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("MND0002: DataDirectory must be set.");
        }

        if (options.KeyEncryptionKey is not null && !KeyEncryptionKeyProvider.TryDecode(options.KeyEncryptionKey, out _))
        {
            failures.Add("MND0003: KeyEncryptionKey must be base64url of exactly 32 bytes.");
        }

        CheckRange(failures, nameof(options.MaxAccessTokenLifetime), options.MaxAccessTokenLifetime, MinLifetime, TimeSpan.FromHours(24));
        CheckRange(failures, nameof(options.DefaultAccessTokenLifetime), options.DefaultAccessTokenLifetime, MinLifetime, options.MaxAccessTokenLifetime);
        CheckRange(failures, nameof(options.ClockSkew), options.ClockSkew, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        CheckRange(failures, nameof(options.ClientAssertionMaxLifetime), options.ClientAssertionMaxLifetime, MinLifetime, TimeSpan.FromDays(1));
        if (options.KeyRotationInterval != TimeSpan.Zero)
        {
            CheckRange(failures, nameof(options.KeyRotationInterval), options.KeyRotationInterval, TimeSpan.FromSeconds(10), TimeSpan.FromDays(365));
            if (options.KeyRotationInterval <= options.KeyPropagationDelay)
            {
                // Otherwise a new key would be added the moment the previous one activates: endless rotation.
                failures.Add("MND0005: KeyRotationInterval must be longer than KeyPropagationDelay.");
            }
        }

        CheckRange(failures, nameof(options.ReadinessWriteProbeInterval), options.ReadinessWriteProbeInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        if (options.StorePollInterval != TimeSpan.Zero)
        {
            CheckRange(failures, nameof(options.StorePollInterval), options.StorePollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        }

        if (options.OrphanAfter != TimeSpan.Zero)
        {
            CheckRange(failures, nameof(options.OrphanAfter), options.OrphanAfter, TimeSpan.FromHours(1), TimeSpan.FromDays(3650));
        }

        CheckRange(failures, nameof(options.MaxAgentLifetime), options.MaxAgentLifetime, TimeSpan.FromHours(1), TimeSpan.FromDays(3650));
        CheckRange(failures, nameof(options.DefaultAgentLifetime), options.DefaultAgentLifetime, TimeSpan.FromHours(1), options.MaxAgentLifetime);
        CheckRange(failures, nameof(options.OrphanCheckInterval), options.OrphanCheckInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        CheckRange(failures, nameof(options.KeyPropagationDelay), options.KeyPropagationDelay, TimeSpan.Zero, TimeSpan.FromDays(1));
        CheckRange(failures, nameof(options.KeyRotationCheckInterval), options.KeyRotationCheckInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        CheckRange(failures, nameof(options.AgentCacheDuration), options.AgentCacheDuration, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        CheckRange(failures, nameof(options.LastUsedFlushInterval), options.LastUsedFlushInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

        ValidateAudit(options.Audit, failures);

        if (options.MaxRequestBodySize < 1024 || options.MaxRequestBodySize > 1024 * 1024)
        {
            failures.Add("MND0004: MaxRequestBodySize must be between 1024 and 1048576 bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAudit(Audit.MandateAuditOptions? audit, List<string> failures)
    {
        if (audit is null)
        {
            failures.Add("MND0010: Audit must not be null.");
            return;
        }

        if (!Enum.IsDefined(audit.Mode))
        {
            failures.Add("MND0011: Audit.Mode must be Durable or Off.");
        }

        if (audit.MaxBatchSize < 1 || audit.MaxBatchSize > 100_000)
        {
            failures.Add("MND0012: Audit.MaxBatchSize must be between 1 and 100000.");
        }

        if (audit.Retention is { } retention && retention < TimeSpan.FromHours(1))
        {
            failures.Add("MND0013: Audit.Retention must be at least 1 hour, or null to keep records forever.");
        }

        CheckRange(failures, "Audit.RetentionSweepInterval", audit.RetentionSweepInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
    }

    /// <summary>True when the host is localhost or a loopback IP literal (127.0.0.0/8, ::1).</summary>
    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback
        || string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.IdnHost, out var ip) && IPAddress.IsLoopback(ip));

    private static void ValidateIssuer(MandateServerOptions options, List<string> failures)
    {
        if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer))
        {
            failures.Add("MND0001: Issuer must be an absolute URI, e.g. https://auth.example.com.");
            return;
        }

        if (issuer.Query.Length > 0 || issuer.Fragment.Length > 0 || options.Issuer!.Contains('#') || options.Issuer.Contains('?'))
        {
            failures.Add("MND0001: Issuer must not contain a query or fragment (RFC 8414 §2).");
        }

        if (issuer.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (issuer.Scheme != Uri.UriSchemeHttp)
        {
            failures.Add("MND0001: Issuer must use https.");
        }
        else if (!IsLoopback(issuer) && !options.AllowInsecureHttpIssuer)
        {
            failures.Add("MND0001: Issuer must use https unless the host is loopback or AllowInsecureHttpIssuer is set.");
        }
    }

    private static void CheckRange(List<string> failures, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"MND0005: {name} must be between {min} and {max}; it is {value}.");
        }
    }
}
