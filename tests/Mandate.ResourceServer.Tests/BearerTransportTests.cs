// RFC 6750 §2: how the token travels. §2.1 header syntax, §2.3 query parameter (off by default), §3.1
// invalid_request for more than one method or a malformed request.
using System.Net;
using Mandate.ResourceServer.Tests.Infrastructure;

namespace Mandate.ResourceServer.Tests;

public sealed class BearerTransportTests : ResourceServerTestBase
{
    private string InvalidRequestChallenge => $"Bearer error=\"invalid_request\", resource_metadata=\"{Api.MetadataUrl}\"";

    [Theory(DisplayName = "RFC 6750 §2.1: the Bearer scheme name is case-insensitive")]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("bEaReR")]
    public async Task SchemeName_CaseInsensitive(string scheme)
    {
        using var response = await Api.SendRawAsync(HttpMethod.Get, "/api/tools", $"{scheme} {ValidToken()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(DisplayName = "RFC 6750 §2.1: more than one space before the b64token is allowed (1*SP)")]
    public async Task SeveralSpaces_Accepted()
    {
        using var response = await Api.SendRawAsync(HttpMethod.Get, "/api/tools", $"Bearer   {ValidToken()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory(DisplayName = "RFC 6750 §3.1: no credential, or more than one, is invalid_request")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer a b")]
    [InlineData("Bearer\tabc")]
    [InlineData("Bearer abc,def")]
    public async Task MalformedCredentials_InvalidRequest(string authorization)
    {
        using var response = await Api.SendRawAsync(HttpMethod.Get, "/api/tools", authorization);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(InvalidRequestChallenge, Challenge(response));
    }

    [Theory(DisplayName = "RFC 6750 §3.1: one credential that is not a b64token is a malformed token: 401 invalid_token")]
    [InlineData("===")]
    [InlineData("a=b")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30=.c2ln")]
    public async Task MalformedToken_InvalidToken(string credential)
    {
        using var response = await Api.SendRawAsync(HttpMethod.Get, "/api/tools", "Bearer " + credential);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", Challenge(response));
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a valid token with padded base64url segments is invalid_token, not 400")]
    public async Task PaddedBase64UrlToken_InvalidToken()
    {
        var parts = ValidToken().Split('.');
        var padded = string.Join('.', parts.Select(part => part + new string('=', (4 - part.Length % 4) % 4)));
        Assert.Contains("=", padded, StringComparison.Ordinal);

        using var response = await Api.SendRawAsync(HttpMethod.Get, "/api/tools", "Bearer " + padded);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", Challenge(response));
    }

    [Fact(DisplayName = "RFC 6750 §2.1: another authorization scheme is not a bearer token")]
    public async Task OtherScheme_TreatedAsNoToken()
    {
        using var response = await Api.SendRawAsync(HttpMethod.Get, "/api/tools", "Basic YWxhZGRpbjpvcGVuc2VzYW1l");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer resource_metadata=\"{Api.MetadataUrl}\"", Challenge(response));
    }

    [Fact(DisplayName = "RFC 6750 §2.1: a scheme that merely starts with Bearer is another scheme")]
    public async Task BearerPrefixedScheme_TreatedAsNoToken()
    {
        using var response = await Api.SendRawAsync(HttpMethod.Get, "/api/tools", "BearerX " + ValidToken());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer resource_metadata=\"{Api.MetadataUrl}\"", Challenge(response));
    }

    [Fact(DisplayName = "RFC 6750 §2.3: a query-string token is refused by default")]
    public async Task QueryToken_RefusedByDefault()
    {
        using var response = await Api.GetAsync("/api/tools?access_token=" + ValidToken(), token: null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(InvalidRequestChallenge, Challenge(response));
    }

    [Fact(DisplayName = "RFC 6750 §2.3: a query-string token is accepted when AllowQueryStringToken is set")]
    public async Task QueryToken_AcceptedWhenAllowed()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.AllowQueryStringToken = true);
        using var response = await api.GetAsync("/api/tools?access_token=" + ValidToken(), token: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a token in both the header and the query is invalid_request")]
    public async Task TwoMethods_InvalidRequest()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.AllowQueryStringToken = true);
        var token = ValidToken();
        using var response = await api.GetAsync("/api/tools?access_token=" + token, token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_request\"", Challenge(response));
    }

    [Fact(DisplayName = "RFC 6750 §3.1: a repeated access_token query parameter is invalid_request")]
    public async Task RepeatedQueryToken_InvalidRequest()
    {
        await using var api = await ProtectedApi.StartAsync(Issuer.Issuer, o => o.AllowQueryStringToken = true);
        var token = ValidToken();
        using var response = await api.GetAsync($"/api/tools?access_token={token}&access_token={token}", token: null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact(DisplayName = "RFC 6750 §3.1: two Authorization headers are invalid_request")]
    public async Task TwoAuthorizationHeaders_InvalidRequest()
    {
        var token = ValidToken();
        using var response = await Api.SendRawAsync(HttpMethod.Get, "/api/tools", "Bearer " + token, "Bearer " + token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(InvalidRequestChallenge, Challenge(response));
    }
}
