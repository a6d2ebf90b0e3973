using System.Net;
using Mandate.Server.ClientIdMetadata;

namespace Mandate.Server.Tests.ClientIdMetadata;

public sealed class OutboundAddressPolicyTests
{
    [Theory(DisplayName = "CIMD §6 SSRF: non-public addresses are refused")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]   // cloud metadata
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("100::1")]
    [InlineData("::ffff:10.0.0.1")]   // IPv4-mapped private
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]    // NAT64 of 10.0.0.1
    public void NonPublic_Refused(string address)
    {
        Assert.False(OutboundAddressPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: false));
        Assert.False(OutboundAddressPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: true));
    }

    [Theory(DisplayName = "CIMD §6 SSRF: public unicast addresses are allowed")]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::6810:85e5")]
    [InlineData("::ffff:93.184.215.14")]
    [InlineData("64:ff9b::5db8:d70e")]
    public void Public_Allowed(string address) =>
        Assert.True(OutboundAddressPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: false));

    [Theory(DisplayName = "CIMD: loopback is refused unless the testing option allows it")]
    [InlineData("127.0.0.1")]
    [InlineData("127.9.9.9")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_OnlyWithOption(string address)
    {
        Assert.False(OutboundAddressPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: false));
        Assert.True(OutboundAddressPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: true));
    }
}
