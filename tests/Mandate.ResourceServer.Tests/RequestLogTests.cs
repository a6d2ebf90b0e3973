// RFC 6750 §5.3: a token in the query string must not reach the host's request logs. The capture provider sees
// every category at every level, so the first test proves the leak path is real and the second that it is closed.
using System.Collections.Concurrent;
using Mandate.ResourceServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.ResourceServer.Tests;

public sealed class RequestLogTests
{
    private const string Secret = "eyJzZWNyZXQiOiJxdWVyeS10b2tlbiJ9.c2VjcmV0.c2lnbmF0dXJl";

    [Fact(DisplayName = "RFC 6750 §5.3: without the filter, ASP.NET Core's request log line carries the query token")]
    public async Task WithoutFilter_HostingLogCarriesTheQueryToken()
    {
        var lines = await RequestWithQueryTokenAsync(keepOut: false);
        Assert.Contains(lines, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact(DisplayName = "RFC 6750 §5.3: KeepAccessTokensOutOfRequestLogs keeps a query token out of every log line")]
    public async Task WithFilter_NoLogLineCarriesTheQueryToken()
    {
        var lines = await RequestWithQueryTokenAsync(keepOut: true);
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyCollection<string>> RequestWithQueryTokenAsync(bool keepOut)
    {
        var capture = new CaptureProvider();
        await using var issuer = await FakeIssuer.StartAsync();
        await using var api = await ProtectedApi.StartAsync(issuer.Issuer, services: services =>
        {
            services.AddSingleton<ILoggerProvider>(capture);
            services.AddLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                if (keepOut)
                {
                    logging.KeepAccessTokensOutOfRequestLogs();
                }
            });
        });

        using var response = await api.Client.GetAsync("/api/tools?access_token=" + Secret);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode); // refused: query tokens are off by default
        return capture.Lines;
    }

    private sealed class CaptureProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new CaptureLogger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class CaptureLogger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
