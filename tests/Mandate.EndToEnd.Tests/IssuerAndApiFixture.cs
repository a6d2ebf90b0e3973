using Mandate.EndToEnd.Tests.Harness;

namespace Mandate.EndToEnd.Tests;

/// <summary>
/// One <c>mandate serve</c>, one agent allowed tools:read and tools:write for <see cref="Audience"/>, and the
/// sample API trusting that server, shared by the tests of one class (they only read, so they cannot
/// disturb each other, and the box is spared three start-ups).
/// </summary>
public sealed class IssuerAndApiFixture : IAsyncLifetime
{
    public const string Audience = "https://api.example.test";

    private MandateServer? _server;
    private SampleApi? _api;
    private AgentCredentials? _agent;

    internal MandateServer Server => _server ?? throw new InvalidOperationException("Not initialized.");

    internal SampleApi Api => _api ?? throw new InvalidOperationException("Not initialized.");

    internal AgentCredentials Agent => _agent ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>What the server and the API wrote so far, for a test's output.</summary>
    public string Transcripts() =>
        (_server is null ? "" : _server.Process.Transcript()) + (_api is null ? "" : _api.Process.Transcript());

    public async Task InitializeAsync()
    {
        _server = await MandateServer.StartAsync();
        _agent = await _server.CreateAgentAsync("report-bot", "tools:read tools:write", Audience);
        _api = await SampleApi.StartAsync(_server.Url, Audience, _server.WorkingDirectory);
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
