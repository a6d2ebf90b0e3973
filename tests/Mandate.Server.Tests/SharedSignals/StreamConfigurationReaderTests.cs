using System.Text.Json;
using Mandate.Server.SharedSignals;

namespace Mandate.Server.Tests.SharedSignals;

public sealed class StreamConfigurationReaderTests
{
    private const string Push = "urn:ietf:rfc:8935";
    private const string Poll = "urn:ietf:rfc:8936";

    private static (StreamConfiguration? Configuration, string? ErrorId) Read(string json, StreamConfiguration? current = null, bool allowHttp = false, bool allowLoopback = false)
    {
        var (configuration, error) = StreamConfigurationReader.Read(JsonDocument.Parse(json).RootElement, current, allowHttp, allowLoopback);
        return (configuration, error?.Description?[..7]);
    }

    [Fact(DisplayName = "SSF 1.0 §8.1.1: without delivery a stream is a poll stream requesting every supported event")]
    public void EmptyBody_PollStream_AllSupportedEvents()
    {
        var (configuration, error) = Read("{}");

        Assert.Null(error);
        Assert.Equal(Poll, configuration!.DeliveryMethod);
        Assert.Equal(SharedSignalsNames.Supported, configuration.EventsRequested);
        Assert.Null(configuration.EndpointUrl);
    }

    [Theory(DisplayName = "A push endpoint must be an absolute https URL without fragment or user info")]
    [InlineData("http://receiver.example.com/events", "MND3504")]
    [InlineData("https://receiver.example.com/events#x", "MND3504")]
    [InlineData("https://user:pw@receiver.example.com/events", "MND3504")]
    [InlineData("/events", "MND3504")]
    [InlineData("https://receiver.example.com/events", null)]
    public void PushEndpoint_Rules(string url, string? expected)
    {
        Assert.Equal(expected, Read($$$"""{"delivery":{"method":"{{{Push}}}","endpoint_url":"{{{url}}}"}}""").ErrorId);
    }

    [Fact]
    public void HttpPushEndpoint_AcceptedOnlyWhenAllowed() =>
        Assert.Null(Read($$$"""{"delivery":{"method":"{{{Push}}}","endpoint_url":"http://127.0.0.1:9/e"}}""", allowHttp: true, allowLoopback: true).ErrorId);

    [Fact(DisplayName = "An authorization_header with CR or LF is refused (no header injection)")]
    public void AuthorizationHeader_WithNewline_Refused() =>
        Assert.Equal("MND3506", Read($$$"""{"delivery":{"method":"{{{Push}}}","endpoint_url":"https://r.example.com/e","authorization_header":"Bearer a\r\nX-Evil: 1"}}""").ErrorId);

    [Theory]
    [InlineData("""{"events_requested":"x"}""", "MND3505")]
    [InlineData("""{"events_requested":["not a uri"]}""", "MND3505")]
    [InlineData("""{"events_requested":[1]}""", "MND3505")]
    [InlineData("""{"delivery":{"method":"urn:example:other"}}""", "MND3503")]
    [InlineData("""{"delivery":"push"}""", "MND3503")]
    [InlineData("""{"description":42}""", "MND3506")]
    public void InvalidMembers_Refused(string json, string expected) => Assert.Equal(expected, Read(json).ErrorId);

    [Fact(DisplayName = "SSF 1.0 §8.1.1.3: an update changes only the members present")]
    public void Update_KeepsMembersNotPresent()
    {
        var current = new StreamConfiguration
        {
            EventsRequested = [SharedSignalsNames.SessionRevoked],
            DeliveryMethod = Push,
            EndpointUrl = "https://r.example.com/e",
            AuthorizationHeader = "Bearer x",
        };

        var (updated, error) = Read("""{"description":"siem"}""", current);

        Assert.Null(error);
        Assert.Equal(current with { Description = "siem" }, updated);
    }

    [Fact]
    public void Configuration_RoundTripsThroughJson()
    {
        var configuration = new StreamConfiguration
        {
            EventsRequested = [SharedSignalsNames.SessionRevoked, "https://example.com/unsupported"],
            DeliveryMethod = Push,
            EndpointUrl = "https://r.example.com/e",
            ProtectedAuthorizationHeader = "c2VhbGVk",
            Description = "d",
            LastVerificationAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
        };

        var read = StreamConfiguration.FromJson(configuration.ToJson());

        Assert.Equal(configuration.EventsRequested, read.EventsRequested);
        Assert.Equal(configuration with { EventsRequested = read.EventsRequested }, read);
        Assert.Equal([SharedSignalsNames.SessionRevoked], read.EventsDelivered);
        Assert.True(read.Delivers(SharedSignalsNames.Verification));
        Assert.False(read.Delivers(SharedSignalsNames.AccountDisabled));
    }

    [Theory(DisplayName = "RFC 9700 §4.17 (SSRF): a push endpoint on a loopback, private, link-local, unique-local or multicast address is refused")]
    [InlineData("https://127.0.0.1/e")]
    [InlineData("https://localhost/e")]
    [InlineData("https://api.localhost/e")]
    [InlineData("https://10.1.2.3/e")]
    [InlineData("https://192.168.0.10/e")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/e")]
    [InlineData("https://[fd00::1]/e")]
    [InlineData("https://[fe80::1]/e")]
    [InlineData("https://[::ffff:10.0.0.1]/e")]
    [InlineData("https://224.0.0.1/e")]
    public void PrivateEndpoint_Refused(string url) =>
        Assert.Equal("MND3600", Read($$$"""{"delivery":{"method":"{{{Push}}}","endpoint_url":"{{{url}}}"}}""").ErrorId);

    [Theory(DisplayName = "A public address or a name is accepted when the stream is registered (names are judged when the push connects)")]
    [InlineData("https://93.184.215.14/e")]
    [InlineData("https://[2606:4700::1]/e")]
    [InlineData("https://receiver.example.com/e")]
    public void PublicEndpoint_Accepted(string url) =>
        Assert.Null(Read($$$"""{"delivery":{"method":"{{{Push}}}","endpoint_url":"{{{url}}}"}}""").ErrorId);

    [Fact(DisplayName = "AllowLoopbackPushEndpointsForTesting admits loopback but still refuses private addresses")]
    public void AllowLoopback_AdmitsLoopbackOnly()
    {
        Assert.Null(Read($$$"""{"delivery":{"method":"{{{Push}}}","endpoint_url":"http://127.0.0.1:9/e"}}""", allowHttp: true, allowLoopback: true).ErrorId);
        Assert.Null(Read($$$"""{"delivery":{"method":"{{{Push}}}","endpoint_url":"https://localhost/e"}}""", allowLoopback: true).ErrorId);
        Assert.Equal("MND3600", Read($$$"""{"delivery":{"method":"{{{Push}}}","endpoint_url":"https://10.0.0.1/e"}}""", allowLoopback: true).ErrorId);
    }
}
