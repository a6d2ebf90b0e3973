using System.Net;
using System.Text.RegularExpressions;

namespace Mandate.Console.Tests;

/// <summary>A cookie-keeping HTTP client that drives the console's forms as a browser without script would.</summary>
internal sealed partial class ConsoleBrowserSession : IDisposable
{
    private readonly HttpClient _client;

    public ConsoleBrowserSession(Uri baseAddress)
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> form) =>
        _client.PostAsync(path, new FormUrlEncodedContent(form));

    /// <summary>Loads <paramref name="page"/>, reads its anti-forgery field and posts <paramref name="form"/> with it to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string action, params (string Name, string Value)[] form)
    {
        var html = await (await _client.GetAsync(page)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, "no anti-forgery field on " + page);
        var fields = new List<KeyValuePair<string, string>> { new("_csrf", WebUtility.HtmlDecode(token.Groups[1].Value)) };
        fields.AddRange(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await PostAsync(action, fields);
    }

    public async Task<HttpResponseMessage> SignInAsync(string clientId, string secret) =>
        await SubmitAsync("console/sign-in", "console/sign-in", ("client_id", clientId), ("client_secret", secret));

    /// <summary>Opens <c>/console/sign-in/oidc</c> and follows every redirect (console, provider, callback) with this
    /// session's cookies; <paramref name="tamper"/> may rewrite each redirect target. Returns the last response and each hop's response.</summary>
    public async Task<(HttpResponseMessage Final, List<HttpResponseMessage> Hops)> OidcSignInAsync(Func<Uri, Uri>? tamper = null)
    {
        var hops = new List<HttpResponseMessage>();
        var response = await _client.GetAsync("console/sign-in/oidc");
        for (var i = 0; i < 10 && (int)response.StatusCode is >= 300 and < 400; i++)
        {
            hops.Add(response);
            var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            response = await _client.GetAsync(tamper is null ? next : tamper(next));
        }

        return (response, hops);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
