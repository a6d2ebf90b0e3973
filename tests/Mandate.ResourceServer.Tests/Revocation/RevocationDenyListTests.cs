using Mandate.ResourceServer.Revocation;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Mandate.ResourceServer.Tests.Revocation;

public sealed class RevocationDenyListTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    private long Exp => Now.AddMinutes(5).ToUnixTimeSeconds();

    [Fact]
    public void IsDenied_RevokedJti_Denied_OtherJtiNot()
    {
        var list = new RevocationDenyList(_time);
        list.AddToken("jti-1", Exp);

        Assert.True(list.IsDenied("jti-1", "agt_a", "agt_a", Now, "kid"));
        Assert.False(list.IsDenied("jti-2", "agt_a", "agt_a", Now, "kid"));
        Assert.False(list.IsDenied("JTI-1", "agt_a", "agt_a", Now, "kid"));
    }

    [Fact]
    public void IsDenied_AgentMark_DeniesTokensIssuedUpToTheMarkSecond()
    {
        var list = new RevocationDenyList(_time);
        list.AddAgentMark("agt_a", Now.ToUnixTimeSeconds(), Exp);

        Assert.True(list.IsDenied("j", "agt_a", "agt_a", Now.AddSeconds(-10), null));
        Assert.True(list.IsDenied("j", "agt_a", "agt_a", Now, null));
        Assert.False(list.IsDenied("j", "agt_a", "agt_a", Now.AddSeconds(1), null));
        Assert.True(list.IsDenied("j", "user-x", "agt_a", Now, null));
        Assert.False(list.IsDenied("j", "agt_b", "agt_b", Now, null));
    }

    [Fact]
    public void AddAgentMark_OlderMarkNeverReplacesNewer()
    {
        var list = new RevocationDenyList(_time);
        list.AddAgentMark("agt_a", Now.ToUnixTimeSeconds(), Exp);
        list.AddAgentMark("agt_a", Now.AddSeconds(-60).ToUnixTimeSeconds(), Exp);

        Assert.True(list.IsDenied("j", "agt_a", "agt_a", Now.AddSeconds(-30), null));
    }

    [Fact]
    public void IsDenied_RevokedKey_DeniesEveryTokenItSigned()
    {
        var list = new RevocationDenyList(_time);
        list.AddKey("kid-1", Exp);

        Assert.True(list.IsDenied("j", "agt_a", "agt_a", Now, "kid-1"));
        Assert.False(list.IsDenied("j", "agt_a", "agt_a", Now, "kid-2"));
    }

    [Fact]
    public void Purge_DropsExpiredEntries_Clear_DropsAll()
    {
        var list = new RevocationDenyList(_time);
        list.AddToken("short", Now.AddSeconds(30).ToUnixTimeSeconds());
        list.AddToken("long", Now.AddHours(1).ToUnixTimeSeconds());

        _time.Advance(TimeSpan.FromMinutes(1));
        list.Purge();

        Assert.Equal(1, list.TokenCount);
        Assert.True(list.IsDenied("long", "a", "a", Now, null));
        list.Clear();
        Assert.Equal(0, list.TokenCount);
    }

    [Fact]
    public void Hash_LongJti_Works()
    {
        var list = new RevocationDenyList(_time);
        var jti = new string('x', 1000);
        list.AddToken(jti, Exp);

        Assert.True(list.IsDenied(jti, "a", "a", Now, null));
    }

    [Fact(DisplayName = "Issue 6 target: at most 100 bytes per revoked token, one million in at most 100 MB")]
    public void Memory_OneMillionRevokedTokens_AtMost100BytesEach()
    {
        const int Count = 1_000_000;
        var jtis = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            jtis[i] = "jti-" + i.ToString("D22", System.Globalization.CultureInfo.InvariantCulture);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var list = new RevocationDenyList(_time);
        for (var i = 0; i < Count; i++)
        {
            list.AddToken(jtis[i], Exp);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perEntry = (after - before) / (double)Count;
        output.WriteLine($"deny list: {Count} tokens, {(after - before) / 1024.0 / 1024.0:F1} MiB, {perEntry:F1} bytes per token");

        Assert.Equal(Count, list.TokenCount);
        Assert.True(perEntry <= 100, $"{perEntry:F1} bytes per revoked token");
        Assert.True(list.IsDenied(jtis[Count / 2], "a", "a", Now, null));
        GC.KeepAlive(list);
    }
}
