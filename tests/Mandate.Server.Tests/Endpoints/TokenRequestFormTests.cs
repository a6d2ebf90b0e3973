// Step 1 of the token endpoint: form POST only, bounded body, no duplicate parameters. Bad input must
// always be an RFC 6749 §5.2 error object, never a 5xx.
using System.Text;
using Mandate.Server.Tests.Harness;

namespace Mandate.Server.Tests.Endpoints;

public sealed class TokenRequestFormTests : IAsyncLifetime
{
    private ServerHarness _server = null!;
    private string _basic = "";

    public async Task InitializeAsync()
    {
        _server = await ServerHarness.CreateAsync();
        var (agent, secret) = await _server.CreateAgentAsync();
        _basic = ServerHarness.Basic(agent.ClientId, secret!);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(DisplayName = "RFC 6749 §3.2: a well-formed client_credentials request succeeds")]
    public async Task WellFormedRequest_Succeeds()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials", _basic);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("Bearer", result.Json.GetProperty("token_type").GetString());
    }

    [Fact(DisplayName = "RFC 6749 §3.2: a repeated parameter is invalid_request")]
    public async Task DuplicateParameter_IsInvalidRequest()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials&scope=invoices:read&scope=invoices:read", _basic);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_request", result.Error);
        Assert.StartsWith("MND2004", result.Description);
    }

    [Fact(DisplayName = "RFC 6749 §3.2: a repeated grant_type is invalid_request")]
    public async Task DuplicateGrantType_IsInvalidRequest()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials&grant_type=client_credentials", _basic);
        Assert.Equal("invalid_request", result.Error);
    }

    [Theory(DisplayName = "RFC 6749 §3.2: the token endpoint requires application/x-www-form-urlencoded")]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/x-www-form-urlencodedX")]
    [InlineData(null)]
    public async Task WrongContentType_IsInvalidRequest(string? contentType)
    {
        var result = await _server.SendAsync(Encoding.UTF8.GetBytes("grant_type=client_credentials"), _basic, contentType);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact(DisplayName = "RFC 6749 §3.2: a charset parameter on the form content type is accepted")]
    public async Task ContentTypeWithCharset_IsAccepted()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials", _basic, "application/x-www-form-urlencoded; charset=UTF-8");
        Assert.Equal(200, result.StatusCode);
    }

    [Fact(DisplayName = "RFC 6749 §3.2: GET on the token endpoint is refused with an error object")]
    public async Task Get_IsInvalidRequest()
    {
        var result = await _server.PostTokenAsync("", _basic, "application/x-www-form-urlencoded", "GET");
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_request", result.Error);
    }

    [Theory(DisplayName = "Malformed percent-encoding or UTF-8 is invalid_request, not a 5xx")]
    [InlineData("grant_type=client_credentials&scope=%ZZ")]
    [InlineData("grant_type=client_credentials&scope=%4")]
    [InlineData("grant_type=client_credentials&scope=%")]
    [InlineData("grant_type=client_credentials&scope=%C3%28")]
    [InlineData("grant_type=client_credentials&=value")]
    public async Task MalformedEncoding_IsInvalidRequest(string body)
    {
        var result = await _server.PostTokenAsync(body, _basic);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact(DisplayName = "Raw invalid UTF-8 bytes are invalid_request")]
    public async Task InvalidUtf8Bytes_AreInvalidRequest()
    {
        var body = Encoding.ASCII.GetBytes("grant_type=client_credentials&scope=").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        var result = await _server.SendAsync(body, _basic, "application/x-www-form-urlencoded");
        Assert.Equal("invalid_request", result.Error);
    }

    [Fact(DisplayName = "A body over MaxRequestBodySize is invalid_request")]
    public async Task HugeBody_IsInvalidRequest()
    {
        var body = "grant_type=client_credentials&scope=" + new string('a', 17 * 1024);
        var result = await _server.PostTokenAsync(body, _basic);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_request", result.Error);
        Assert.StartsWith("MND2002", result.Description);
    }

    [Fact(DisplayName = "RFC 6749 §3.2: parameters without a value are treated as omitted")]
    public async Task EmptyValue_IsOmitted()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials&scope=&resource=", _basic);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("invoices:read", result.Json.GetProperty("scope").GetString());
    }

    [Fact(DisplayName = "RFC 6749 §5.1: token responses carry Cache-Control no-store and Pragma no-cache")]
    public async Task SuccessfulResponse_IsNotCacheable()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials", _basic);
        Assert.Equal("no-store", result.Headers.CacheControl.ToString());
        Assert.Equal("no-cache", result.Headers.Pragma.ToString());
        Assert.StartsWith("application/json", result.Headers.ContentType.ToString());
    }

    [Fact(DisplayName = "RFC 6749 §5.2: error responses are not cacheable either")]
    public async Task ErrorResponse_IsNotCacheable()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials&scope=a&scope=b", _basic);
        Assert.Equal("no-store", result.Headers.CacheControl.ToString());
    }

    [Fact(DisplayName = "RFC 6749 §5.1: the response has exactly access_token, token_type, expires_in, scope")]
    public async Task SuccessfulResponse_HasExactMembers()
    {
        var result = await _server.PostTokenAsync("grant_type=client_credentials", _basic);
        Assert.Equal(new HashSet<string> { "access_token", "token_type", "expires_in", "scope" }, JwtParts.Names(result.Json));
        Assert.Equal(300, result.Json.GetProperty("expires_in").GetInt64());
    }
}
