// Instruments of Meter("Mandate.Server") (docs/observability.md lists every one with unit and tags). Tags carry
// low-cardinality values only: grant types the server routes, OAuth error codes, MNDxxxx catalogue ids. Never a
// token, a secret, a client id or a jti. Instruments with no listener cost one field read per call.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mandate.Protocol;

namespace Mandate.Server;

/// <summary>Token, introspection, revocation and revocation-feed instruments on the <c>Mandate.Server</c> meter.</summary>
internal sealed class ServerMetrics
{
    public const string MeterName = MandateServerTelemetry.MeterName;

    private readonly Counter<long> _issued;
    private readonly Counter<long> _denied;
    private readonly Histogram<double> _tokenDuration;
    private readonly Histogram<double> _signingDuration;
    private readonly Counter<long> _introspections;
    private readonly Counter<long> _revocations;
    private readonly UpDownCounter<long> _feedSubscribers;
    private long _feedSubscriberCount;

    public ServerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _issued = meter.CreateCounter<long>("mandate.server.tokens.issued", unit: "{token}", description: "Access tokens issued, by grant type.");
        _denied = meter.CreateCounter<long>("mandate.server.tokens.denied", unit: "{request}", description: "Token requests refused, by OAuth error code and catalogue id.");
        _tokenDuration = meter.CreateHistogram<double>("mandate.server.token.duration", unit: "s", description: "Time to answer a token request, audit commit included, by outcome.");
        _signingDuration = meter.CreateHistogram<double>("mandate.server.token.signing.duration", unit: "s", description: "Time to build and sign one access token.");
        _introspections = meter.CreateCounter<long>("mandate.server.introspections", unit: "{request}", description: "RFC 7662 introspection answers, by active.");
        _revocations = meter.CreateCounter<long>("mandate.server.revocations", unit: "{request}", description: "RFC 7009 revocation requests of authenticated clients, by outcome.");
        _feedSubscribers = meter.CreateUpDownCounter<long>("mandate.server.revocation_feed.subscribers", unit: "{subscriber}", description: "Server-sent-event subscribers of the revocation feed now connected.");
    }

    /// <summary>True when someone listens to the token latency histogram (so the endpoint reads the clock).</summary>
    public bool TokenDurationEnabled => _tokenDuration.Enabled;

    /// <summary>True when someone listens to the signing latency histogram.</summary>
    public bool SigningDurationEnabled => _signingDuration.Enabled;

    public void Issued(string grantType) => _issued.Add(1, new KeyValuePair<string, object?>("grant_type", grantType));

    public void Denied(string error) => Denied(error, null);

    public void Denied(string error, string? description)
    {
        if (!_denied.Enabled)
        {
            return;
        }

        var tags = new TagList { { "error", error } };
        if (ErrorId(description) is { } id)
        {
            tags.Add("mandate.error_id", id);
        }

        _denied.Add(1, tags);
    }

    public void TokenDuration(TimeSpan elapsed, bool issued) =>
        _tokenDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", issued ? "issued" : "denied"));

    public void SigningDuration(TimeSpan elapsed) => _signingDuration.Record(elapsed.TotalSeconds);

    public void Introspected(bool active) => _introspections.Add(1, new KeyValuePair<string, object?>("active", active ? "true" : "false"));

    /// <summary>Outcome: <c>revoked</c> (a token of this server), <c>refused</c> (not the caller's token),
    /// <c>ignored</c> (not a token of this server; RFC 7009 §2.2 still answers 200).</summary>
    public void Revocation(string outcome) => _revocations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void FeedSubscriberConnected()
    {
        Interlocked.Increment(ref _feedSubscriberCount);
        _feedSubscribers.Add(1);
    }

    public void FeedSubscriberDisconnected()
    {
        Interlocked.Decrement(ref _feedSubscriberCount);
        _feedSubscribers.Add(-1);
    }

    /// <summary>Server-sent-event subscribers of this node's revocation feed connected now (the operator console shows it).</summary>
    public long FeedSubscribers => Interlocked.Read(ref _feedSubscriberCount);

    // error_description texts of the catalogue start with their stable id ("MND2300: ..."), a bounded set.
    private static string? ErrorId(string? description)
    {
        if (description is null || description.Length < 8 || !description.StartsWith("MND", StringComparison.Ordinal) || description[7] != ':')
        {
            return null;
        }

        for (var i = 3; i < 7; i++)
        {
            if (!char.IsAsciiDigit(description[i]))
            {
                return null;
            }
        }

        return description[..7];
    }
}
