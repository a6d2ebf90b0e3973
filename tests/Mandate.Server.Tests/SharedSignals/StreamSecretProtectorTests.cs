using Mandate.Jose;
using Mandate.Server.Keys;
using Mandate.Server.SharedSignals;
using Mandate.Storage;
using Mandate.Storage.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Tests.SharedSignals;

public sealed class StreamSecretProtectorTests
{
    private const string Push = "urn:ietf:rfc:8935";

    private static StreamSecretProtector Protector(byte[]? kek = null) => new(new KeyProtector(new KeyEncryptionKeyProvider(
        Options.Create(new MandateServerOptions { KeyEncryptionKey = Base64Url.Encode(kek ?? new byte[32]) }),
        NullLogger<KeyEncryptionKeyProvider>.Instance)));

    private static StreamConfiguration Configuration(string? header) => new()
    {
        EventsRequested = [SharedSignalsNames.SessionRevoked],
        DeliveryMethod = Push,
        EndpointUrl = "https://r.example.com/e",
        AuthorizationHeader = header,
    };

    [Fact(DisplayName = "A sealed header is stored without its text and opens only for its own stream under the same key")]
    public void Seal_HidesHeader_OpensOnlyForSameStreamAndKey()
    {
        var json = Protector().Seal(Configuration("Bearer s3cret"), "stream-1").ToJson();
        Assert.DoesNotContain("s3cret", json, StringComparison.Ordinal);

        var stored = StreamConfiguration.FromJson(json);
        Assert.Null(stored.AuthorizationHeader);
        Assert.True(Protector().TryReveal(stored, "stream-1", out var header));
        Assert.Equal("Bearer s3cret", header);
        Assert.False(Protector().TryReveal(stored, "stream-2", out _));
        Assert.False(Protector(Enumerable.Repeat((byte)7, 32).ToArray()).TryReveal(stored, "stream-1", out _));
    }

    [Fact(DisplayName = "A configuration with a plaintext header cannot be stored unsealed")]
    public void ToJson_PlaintextHeader_Throws() =>
        Assert.Throws<InvalidOperationException>(() => Configuration("Bearer s3cret").ToJson());

    [Fact(DisplayName = "The start-up migration seals plaintext headers of an earlier version and leaves other streams alone")]
    public async Task Migration_SealsPlaintextRows()
    {
        var store = new InMemorySecurityEventStore();
        var now = DateTimeOffset.UnixEpoch;
        var legacy = """{"events_requested":["x:e"],"delivery_method":"urn:ietf:rfc:8935","endpoint_url":"https://r.example.com/e","authorization_header":"Bearer old"}""";
        await store.CreateStreamAsync(new SecurityEventStream { StreamId = "old", ClientId = "c", Status = "enabled", Configuration = legacy, CreatedAt = now, UpdatedAt = now }, default);
        var poll = Configuration(null) with { DeliveryMethod = "urn:ietf:rfc:8936", EndpointUrl = null };
        await store.CreateStreamAsync(new SecurityEventStream { StreamId = "poll", ClientId = "c", Status = "enabled", Configuration = poll.ToJson(), CreatedAt = now, UpdatedAt = now }, default);
        var migration = new StreamSecretMigration(store, Protector(), NullLogger<StreamSecretMigration>.Instance);

        Assert.Equal(1, await migration.SealPlaintextHeadersAsync(default));
        Assert.Equal(0, await migration.SealPlaintextHeadersAsync(default));

        var stored = (await store.GetStreamAsync("old", default))!.Configuration;
        Assert.DoesNotContain("Bearer old", stored, StringComparison.Ordinal);
        Assert.True(Protector().TryReveal(StreamConfiguration.FromJson(stored), "old", out var header));
        Assert.Equal("Bearer old", header);
        Assert.Equal(poll.ToJson(), (await store.GetStreamAsync("poll", default))!.Configuration);
    }
}
