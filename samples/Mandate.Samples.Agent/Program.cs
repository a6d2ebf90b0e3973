// Calls GET {api}/api/tools at an even rate for a duration through an HttpClient that carries the
// agent's access token (MandateTokenHandler; Bearer, or DPoP-bound with a proof per call when --dpop is given), then prints "calls: N, failures: F, token requests: T"
// as the last line. Exit codes: 0 no failures, 1 some calls failed, 2 bad arguments or options.
// With OTEL_EXPORTER_OTLP_ENDPOINT set, the agent's metrics and traces are exported (docs/observability.md).
using Mandate.Agent;
using Mandate.Samples.Agent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(SampleArguments.Help);
    return 0;
}

var arguments = SampleArguments.TryParse(args, out var error);
if (arguments is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

using var telemetry = SampleTelemetry.Start("mandate-sample-agent");
using var tokenRequests = new TokenRequestCounter();
var services = new ServiceCollection();
services.AddMandateTokenClient(o =>
{
    o.Issuer = arguments.Issuer;
    o.ClientId = arguments.ClientId;
    o.ClientSecret = arguments.ClientSecret;
    // RFC 9449: every token request and every API call carries a fresh proof from a key that never leaves memory.
    o.UseDpop = arguments.Dpop;
});
services.AddHttpClient("api", c => c.BaseAddress = arguments.Api)
    .AddMandateAccessToken(o => (o.Scope, o.Resource) = (arguments.Scope, arguments.Resource));
await using var provider = services.BuildServiceProvider();
try
{
    _ = provider.GetRequiredService<MandateTokenClient>();
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine(string.Join(" ", ex.Failures));
    return 2;
}

var api = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");
Console.WriteLine($"calling {new Uri(arguments.Api, "/api/tools")} {arguments.TotalCalls} times ({arguments})");

var failures = 0;
async Task CallAsync()
{
    try
    {
        using var response = await api.GetAsync("/api/tools");
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref failures);
            Console.Error.WriteLine($"HTTP {(int)response.StatusCode}");
        }
    }
    catch (Exception ex) when (ex is HttpRequestException or MandateTokenException or TaskCanceledException)
    {
        Interlocked.Increment(ref failures);
        Console.Error.WriteLine(ex.InnerException is null ? ex.Message : $"{ex.Message} ({ex.InnerException.Message})");
    }
}

// Evenly paced: one call per tick; calls run concurrently so a slow response does not delay the next.
var calls = new List<Task>(arguments.TotalCalls);
using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / arguments.Rate)))
{
    calls.Add(CallAsync());
    while (calls.Count < arguments.TotalCalls && await timer.WaitForNextTickAsync())
    {
        calls.Add(CallAsync());
    }
}

await Task.WhenAll(calls);
Console.WriteLine($"calls: {calls.Count}, failures: {failures}, token requests: {tokenRequests.Count}");
return failures == 0 ? 0 : 1;
