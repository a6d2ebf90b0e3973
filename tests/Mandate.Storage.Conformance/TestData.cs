namespace Mandate.Storage.Conformance;

/// <summary>Sample records for the conformance suites.</summary>
public static class TestData
{
    /// <summary>The fake clock's start: a fixed UTC instant with sub-millisecond ticks.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);

    /// <summary>A minimal agent with defaults everywhere.</summary>
    public static Agent MinimalAgent(string id, DateTimeOffset? createdAt = null) => new()
    {
        Id = id,
        ClientId = id,
        Name = "agent " + id,
        CreatedAt = createdAt ?? Start,
    };

    /// <summary>An agent with every field set to a non-default value; times carry non-UTC offsets.</summary>
    public static Agent FullAgent(string id) => new()
    {
        Id = id,
        ClientId = "client-" + id,
        Name = "Invoice bot \"prod\" — ünïcode ✓",
        Owner = "owner@example.com",
        AllowedScopes = ["invoices:read", "invoices:write", "a \"quoted\" scope", "ünï"],
        DefaultScopes = ["invoices:read"],
        AllowedAudiences = ["https://api.example.com/", "https://billing.example.com/v2"],
        AllowedGrantTypes = ["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"],
        TokenLifetime = TimeSpan.FromMinutes(7) + TimeSpan.FromTicks(5_000_001),
        Status = AgentStatus.Suspended,
        ExpiresAt = new DateTimeOffset(2031, 6, 30, 23, 59, 59, TimeSpan.FromHours(2)).AddTicks(7),
        CreatedAt = new DateTimeOffset(2030, 1, 2, 8, 0, 0, TimeSpan.FromHours(-5)).AddTicks(9_999_999),
        LastUsedAt = new DateTimeOffset(2030, 1, 3, 0, 30, 0, TimeSpan.FromMinutes(330)),
        SecretHash = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray(),
        Jwks = """{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","kid":"k1"}]}""",
        Version = 0,
    };

    /// <summary>A signing key record with every field set; times carry non-UTC offsets.</summary>
    public static SigningKeyRecord SigningKey(string keyId, DateTimeOffset createdAt) => new()
    {
        KeyId = keyId,
        Algorithm = "ES256",
        State = SigningKeyState.Pending,
        PublicJwk = $$"""{"kty":"EC","crv":"P-256","kid":"{{keyId}}","x":"AAAA","y":"BBBB"}""",
        EncryptedPrivateKey = Enumerable.Range(0, 60).Select(i => (byte)(i * 7)).ToArray(),
        CreatedAt = createdAt,
        ActivatedAt = null,
        RetiredAt = null,
    };

    /// <summary>Asserts the instant is equal and the offset is UTC.</summary>
    public static void AssertUtc(DateTimeOffset expected, DateTimeOffset actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(TimeSpan.Zero, actual.Offset);
    }

    /// <summary>Asserts an optional instant: both null, or equal instants with a UTC offset.</summary>
    public static void AssertUtc(DateTimeOffset? expected, DateTimeOffset? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } e && actual is { } a)
        {
            AssertUtc(e, a);
        }
    }

    /// <summary>Runs <paramref name="count"/> copies of <paramref name="action"/> on the thread pool at once.</summary>
    public static async Task<T[]> RunInParallelAsync<T>(int count, Func<int, Task<T>> action)
    {
        using var gate = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, count)
            .Select(i => Task.Run(async () =>
            {
                gate.Wait();
                return await action(i);
            }))
            .ToArray();
        gate.Set();
        return await Task.WhenAll(tasks);
    }
}
