// Secrets are stored only as HMAC-SHA256 under the server's secret-hash key (RFC 9700 §2.5 asks for strong
// client authentication; the keyed hash keeps a stolen database from allowing offline guessing).
using System.Security.Cryptography;
using System.Text;
using Mandate.Server.ClientAuthentication;
using Mandate.Server.Keys;
using Mandate.Server.Tests.Harness;
using Mandate.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.ClientAuthentication;

public sealed class ClientSecretHasherTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "Hash is HMAC-SHA256 under the stored secret-hash key, also from many threads at once")]
    public async Task Hash_MatchesHmacOracle_Concurrently()
    {
        var hasher = _server.Services.GetRequiredService<ClientSecretHasher>();
        var stored = await _server.Services.GetRequiredService<IServerSecretStore>().GetAsync(ClientSecretHasher.SecretName, CancellationToken.None);
        Assert.True(_server.Services.GetRequiredService<KeyProtector>().TryUnprotect(stored!, ClientSecretHasher.SecretName, out var key));

        var mismatches = 0;
        var workers = Enumerable.Range(0, 16).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var secret = $"secret-{worker}-{i}";
                var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(secret));
                if (!hasher.Hash(secret).AsSpan().SequenceEqual(expected) || !hasher.Verify(secret, expected) || hasher.Verify(secret + "x", expected))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(0, mismatches);
    }
}
