using Mandate.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Testing;

/// <summary>How <see cref="MandateTestServer"/> starts the server.</summary>
public sealed class MandateTestServerOptions
{
    /// <summary>Use SQLite (<c>{DataDirectory}/mandate.db</c>) instead of the in-memory stores. Default: false.</summary>
    public bool UseSqlite { get; set; }

    /// <summary>The data folder. Default: null, meaning a new temporary folder deleted on dispose.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The loopback port. Default: 0, meaning a free port chosen at start.</summary>
    public int Port { get; set; }

    /// <summary>Further server options, applied after the fixture's (issuer, data folder, KEK).</summary>
    public Action<MandateServerOptions>? ConfigureServer { get; set; }

    /// <summary>Extra service registrations, e.g. a <c>FakeTimeProvider</c> or a logger provider.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }
}
