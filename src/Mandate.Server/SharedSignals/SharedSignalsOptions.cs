namespace Mandate.Server.SharedSignals;

/// <summary>Settings of the Shared Signals transmitter (OpenID SSF 1.0). The defaults suit most servers.</summary>
public sealed class SharedSignalsOptions
{
    /// <summary>How many streams one receiver (client) may own.</summary>
    /// <value>Between 1 and 100. Default: 5.</value>
    public int MaxStreamsPerClient { get; set; } = 5;

    /// <summary>How long an undelivered event is kept (pushed events being retried, polled events not yet acknowledged).</summary>
    /// <value>Between 1 minute and 30 days. Default: 7 days.</value>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many times a push is attempted before the event is dropped.</summary>
    /// <value>Between 1 and 100. Default: 10.</value>
    public int PushMaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed push; it doubles after each further failure, up to <see cref="PushMaxBackoff"/>.</summary>
    /// <value>Between 100 milliseconds and 1 hour. Default: 5 seconds.</value>
    public TimeSpan PushInitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two push attempts.</summary>
    /// <value>At least <see cref="PushInitialBackoff"/>, at most 1 day. Default: 10 minutes.</value>
    public TimeSpan PushMaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one push waits for the receiver's answer.</summary>
    /// <value>Between 1 second and 2 minutes. Default: 10 seconds.</value>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the transmitter looks for due pushes (and, every 60 rounds, purges expired events).</summary>
    /// <value>Between 50 milliseconds and 1 minute. Default: 1 second.</value>
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The shortest time between two verification requests on one stream (SSF 1.0 §8.1.4
    /// <c>min_verification_interval</c>); a request sooner is refused with 429.</summary>
    /// <value>Between 0 and 1 day. Default: 15 seconds.</value>
    public TimeSpan MinVerificationInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a poll without <c>returnImmediately</c> waits for an event when none is queued (RFC 8936 §2.4).</summary>
    /// <value>Between 0 and 1 minute. Default: 10 seconds.</value>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Accepts <c>http</c> push endpoints (not only <c>https</c>). For development and tests only: a SET pushed over
    /// plain HTTP, with the receiver's authorization header, can be read on the way. Start-up logs a warning.</summary>
    /// <value>Default: false.</value>
    public bool AllowHttpPushEndpointsForDevelopment { get; set; }

    /// <summary>Accepts push endpoints on loopback addresses (127.0.0.0/8, ::1, localhost). For tests and labs only:
    /// otherwise a push may reach only public addresses (no loopback, private, link-local, unique-local or multicast
    /// address), checked when the stream is created or changed and again, on the resolved addresses, at each connection.</summary>
    /// <value>Default: false.</value>
    public bool AllowLoopbackPushEndpointsForTesting { get; set; }
}
