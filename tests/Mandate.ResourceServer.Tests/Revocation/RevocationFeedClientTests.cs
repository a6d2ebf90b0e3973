// The revocation feed client against a real SSE endpoint on 127.0.0.1. Its loop "never throws": a malformed event
// (here a "token" revocation without its jti, then one whose jti is a number) must not end it. The feed stops at that
// event and retries (logged, 7017) rather than skip a revocation, and goes on once the issuer serves a valid one.
using Mandate.ResourceServer.Revocation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mandate.ResourceServer.Tests.Revocation;

public sealed class RevocationFeedClientTests
{
    [Fact(DisplayName = "Revocation feed: malformed events stop the feed at that event without ending it; a valid one then applies")]
    public async Task MalformedEvent_IsRetried_AndTheLoopSurvives()
    {
        string[] served =
        [
            """{"seq":1,"type":"token","exp":4102444800}""",              // jti missing
            """{"seq":1,"type":"token","jti":42,"exp":4102444800}""",     // jti of the wrong kind
            """{"seq":1,"type":"token","jti":"jti-1","exp":4102444800}""",
        ];
        int connections = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/revocations", async (HttpContext context) =>
        {
            int attempt = Math.Min(Interlocked.Increment(ref connections), served.Length) - 1;
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync($"event: hello\ndata: {{\"head\":1}}\n\nevent: revocation\nid: 1\ndata: {served[attempt]}\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });
        await app.StartAsync();
        var feed = new Uri(app.Urls.First() + "/revocations");
        var list = new RevocationDenyList(TimeProvider.System);
        using var http = new HttpClient();
        var client = new RevocationFeedClient(http, feed, list, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();

        Task loop = client.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        // The cursor moves just after the event is applied: wait for both.
        while ((!list.IsDenied("jti-1", "agt_a", "agt_a", DateTimeOffset.UtcNow, null) || client.Cursor != 1) && DateTime.UtcNow < deadline)
        {
            Assert.False(loop.IsCompleted, "the feed loop ended on a malformed event");
            await Task.Delay(50);
        }

        Assert.True(list.IsDenied("jti-1", "agt_a", "agt_a", DateTimeOffset.UtcNow, null));
        Assert.Equal(1, client.Cursor);
        Assert.True(connections >= 3, $"{connections} connections");
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TaskStatus.RanToCompletion, loop.Status);
    }
}
