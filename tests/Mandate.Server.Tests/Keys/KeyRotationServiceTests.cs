// Issue 6 §4: scheduled rotation on fake time. A new key is published before it signs (KeyPropagationDelay),
// then becomes active; the old key stays published until every token it signed has expired
// (MaxAccessTokenLifetime + ClockSkew), then is removed. Emergency revocation unpublishes at once.
using System.Text;
using Mandate.Server.Keys;
using Mandate.Server.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Keys;

public sealed class KeyRotationServiceTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.CreateAsync(options =>
    {
        options.KeyRotationInterval = TimeSpan.FromDays(1);
        options.KeyPropagationDelay = TimeSpan.FromMinutes(15);
        options.MaxAccessTokenLifetime = TimeSpan.FromHours(1);
        options.ClockSkew = TimeSpan.FromSeconds(30);
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SigningKeyRing Ring => _server.Services.GetRequiredService<SigningKeyRing>();

    private KeyRotationService Rotation => _server.Services.GetRequiredService<KeyRotationService>();

    private string Jwks => Encoding.UTF8.GetString(Ring.Snapshot.JwksJson);

    [Fact(DisplayName = "Rotation: published for the propagation delay before signing, old key kept for the longest token lifetime")]
    public async Task Schedule_PublishActivateRetireRemove()
    {
        var first = Ring.ActiveKey.KeyId;

        _server.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await Rotation.RunOnceAsync(CancellationToken.None);
        Assert.Single((await Ring.ListAsync(CancellationToken.None)));

        _server.Time.Advance(TimeSpan.FromSeconds(1));
        await Rotation.RunOnceAsync(CancellationToken.None);
        var second = Assert.Single(await Ring.ListAsync(CancellationToken.None), k => k.KeyId != first).KeyId;
        Assert.Equal(first, Ring.ActiveKey.KeyId);
        Assert.Contains(second, Jwks);

        _server.Time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await Rotation.RunOnceAsync(CancellationToken.None);
        Assert.Equal(first, Ring.ActiveKey.KeyId);

        _server.Time.Advance(TimeSpan.FromSeconds(1));
        await Rotation.RunOnceAsync(CancellationToken.None);
        Assert.Equal(second, Ring.ActiveKey.KeyId);
        Assert.Contains(first, Jwks);

        _server.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(29));
        await Rotation.RunOnceAsync(CancellationToken.None);
        Assert.Contains(first, Jwks);

        _server.Time.Advance(TimeSpan.FromSeconds(1));
        await Rotation.RunOnceAsync(CancellationToken.None);
        Assert.DoesNotContain(first, Jwks);
        Assert.Contains(second, Jwks);
    }

    [Fact(DisplayName = "Manual rotation: the pending key activates after the propagation delay")]
    public async Task ManualRotation_ActivatesAfterDelay()
    {
        var first = Ring.ActiveKey.KeyId;
        var pending = await Ring.AddPendingAsync(CancellationToken.None);

        await Rotation.RunOnceAsync(CancellationToken.None);
        Assert.Equal(first, Ring.ActiveKey.KeyId);

        _server.Time.Advance(TimeSpan.FromMinutes(15));
        await Rotation.RunOnceAsync(CancellationToken.None);
        Assert.Equal(pending.KeyId, Ring.ActiveKey.KeyId);
    }

    [Fact(DisplayName = "Emergency revocation of the active key: unpublished at once, a new key signs immediately")]
    public async Task RevokeActiveKey_ReplacedAtOnce()
    {
        var first = Ring.ActiveKey.KeyId;

        Assert.True(await Ring.RevokeAsync(first, CancellationToken.None));

        Assert.NotEqual(first, Ring.ActiveKey.KeyId);
        Assert.DoesNotContain(first, Jwks);
        Assert.False(await Ring.RevokeAsync(first, CancellationToken.None));
        Assert.False(await Ring.RevokeAsync("unknown", CancellationToken.None));
    }
}
