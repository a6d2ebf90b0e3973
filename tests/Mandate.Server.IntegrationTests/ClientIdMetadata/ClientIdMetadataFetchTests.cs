// The fetch rules of Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document §4 and §6):
// self-naming, no shared secrets, size and time limits, redirects, SSRF guards at connect time, and HTTP caching.
// Every refusal is the generic invalid_client (the client id's existence and the reason are not revealed).
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mandate.Server.ClientIdMetadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Mandate.Server.IntegrationTests.ClientIdMetadata;

public sealed class ClientIdMetadataFetchTests
{
    [Fact(DisplayName = "CIMD §4: a document whose client_id is not its own URL is refused")]
    public async Task ClientIdMismatch_Refused()
    {
        await using var bed = await CimdTestBed.StartAsync();
        var clientId = bed.ServeDocument(change: d => d["client_id"] = bed.ClientId("other.json"));

        Assert.Equal("invalid_client", (await bed.RequestTokenAsync(clientId)).Body.GetProperty("error").GetString());
        Assert.Equal(1, bed.Documents.TotalHits);
    }

    [Theory(DisplayName = "CIMD §4: documents with shared secrets or without private_key_jwt are refused")]
    [InlineData("client_secret")]
    [InlineData("client_secret_basic")]
    [InlineData("none")]
    [InlineData("missing")]
    public async Task SharedSecretOrWrongMethod_Refused(string variant)
    {
        await using var bed = await CimdTestBed.StartAsync();
        var clientId = bed.ServeDocument(change: d =>
        {
            switch (variant)
            {
                case "client_secret":
                    d["client_secret"] = "s3cret-value";
                    break;
                case "missing":
                    d.Remove("token_endpoint_auth_method");
                    break;
                default:
                    d["token_endpoint_auth_method"] = variant;
                    break;
            }
        });

        Assert.Equal("invalid_client", (await bed.RequestTokenAsync(clientId)).Body.GetProperty("error").GetString());
    }

    [Theory(DisplayName = "CIMD §6: a document larger than MaxDocumentBytes is refused, with or without Content-Length")]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Oversized_Refused(bool contentLength)
    {
        await using var bed = await CimdTestBed.StartAsync(o => o.MaxDocumentBytes = 2048);
        var clientId = bed.ClientId();
        var body = bed.Document(clientId, d => d["padding"] = new string('x', 4096));
        bed.Documents.Map("/agents/bot.json", async context =>
        {
            context.Response.ContentType = "application/json";
            if (contentLength)
            {
                context.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
            }

            await context.Response.WriteAsync(body);
            await context.Response.Body.FlushAsync();
        });

        Assert.Equal("invalid_client", (await bed.RequestTokenAsync(clientId)).Body.GetProperty("error").GetString());

        // The same document without the padding is accepted: the refusal was the size.
        bed.ServeDocument();
        Assert.Equal(200, (await bed.RequestTokenAsync(clientId)).Status);
    }

    [Fact(DisplayName = "CIMD §6: a document that does not arrive within FetchTimeout is refused in time")]
    public async Task SlowDocument_TimesOut()
    {
        await using var bed = await CimdTestBed.StartAsync(o => o.FetchTimeout = TimeSpan.FromMilliseconds(300));
        var clientId = bed.ClientId();
        var document = bed.Document(clientId);
        bed.Documents.Map("/agents/bot.json", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(document);
        });

        var stopwatch = Stopwatch.StartNew();
        var (_, body) = await bed.RequestTokenAsync(clientId);

        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact(DisplayName = "CIMD §6: a redirect to another host is refused; one to the same host is followed")]
    public async Task Redirects_SameHostOnly()
    {
        await using var bed = await CimdTestBed.StartAsync();
        var away = bed.ClientId("away.json");
        bed.Documents.MapJson("/moved/away.json", bed.Document(away));
        // localhost is another host than 127.0.0.1, though it reaches the same listener.
        bed.Documents.Map("/agents/away.json", context =>
        {
            context.Response.Redirect($"http://localhost:{bed.Documents.Port}/moved/away.json");
            return Task.CompletedTask;
        });
        var home = bed.ClientId("home.json");
        bed.Documents.MapJson("/moved/home.json", bed.Document(home));
        bed.Documents.Map("/agents/home.json", context =>
        {
            context.Response.Redirect("/moved/home.json");
            return Task.CompletedTask;
        });

        Assert.Equal("invalid_client", (await bed.RequestTokenAsync(away)).Body.GetProperty("error").GetString());
        Assert.Equal(0, bed.Documents.Hits("/moved/away.json"));
        Assert.Equal(200, (await bed.RequestTokenAsync(home)).Status);
        Assert.Equal(1, bed.Documents.Hits("/moved/home.json"));
    }

    [Fact(DisplayName = "CIMD §6 SSRF: without the loopback option, a name resolving to 127.0.0.1 is refused at connect time")]
    public async Task LoopbackAddress_RefusedAtConnect()
    {
        // https://localhost:port passes every URL rule; only the connect-time address check can stop it. A raw
        // listener on that port counts connection attempts, so the test fails if the guard lets one through.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
            }
        });
        var prefix = $"https://localhost:{port}/agents/";
        await using var bed = await CimdTestBed.StartAsync(o =>
        {
            o.AllowHttpLoopbackForTesting = false;
            o.Trust.Clear();
            var rule = new ClientIdMetadataDocumentTrust { UrlPrefix = prefix, Owner = CimdTestBed.Owner };
            rule.Scopes.Add("tools:read");
            rule.Audiences.Add(CimdTestBed.Api);
            o.Trust.Add(rule);
        });

        var (_, body) = await bed.RequestTokenAsync(prefix + "bot.json");

        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Equal(0, Volatile.Read(ref accepted));
        Assert.Contains(bed.Logs.Entries, e => e.EventId.Id == 6650 && e.Text.Contains("is not a public address", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "CIMD §4 / RFC 9111 §4.2.1: a document is cached for its max-age, then fetched again")]
    public async Task MaxAge_Cached()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await CimdTestBed.StartAsync(time: time);
        var clientId = bed.ServeDocument(cacheControl: "max-age=120");

        Assert.Equal(200, (await bed.RequestTokenAsync(clientId, now: time.GetUtcNow())).Status);
        Assert.Equal(200, (await bed.RequestTokenAsync(clientId, now: time.GetUtcNow())).Status);
        Assert.Equal(1, bed.Documents.TotalHits);

        time.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(200, (await bed.RequestTokenAsync(clientId, now: time.GetUtcNow())).Status);
        Assert.Equal(2, bed.Documents.TotalHits);
    }

    [Fact(DisplayName = "CIMD / RFC 9111 §5.2.2.5: a no-store document is fetched again on the next request once past MinCacheDuration")]
    public async Task NoStore_FetchedAgainAfterFloor()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await CimdTestBed.StartAsync(o => o.MinCacheDuration = TimeSpan.FromSeconds(10), time: time);
        var clientId = bed.ServeDocument(cacheControl: "no-store");

        Assert.Equal(200, (await bed.RequestTokenAsync(clientId, now: time.GetUtcNow())).Status);
        Assert.Equal(200, (await bed.RequestTokenAsync(clientId, now: time.GetUtcNow())).Status);
        Assert.Equal(1, bed.Documents.TotalHits);

        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(200, (await bed.RequestTokenAsync(clientId, now: time.GetUtcNow())).Status);
        Assert.Equal(2, bed.Documents.TotalHits);
    }

    [Fact(DisplayName = "CIMD §4: a response that is not JSON is refused")]
    public async Task NotJson_Refused()
    {
        await using var bed = await CimdTestBed.StartAsync();
        var clientId = bed.ClientId();
        var document = bed.Document(clientId);
        bed.Documents.Map("/agents/bot.json", context =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync(document);
        });

        Assert.Equal("invalid_client", (await bed.RequestTokenAsync(clientId)).Body.GetProperty("error").GetString());
    }
}
