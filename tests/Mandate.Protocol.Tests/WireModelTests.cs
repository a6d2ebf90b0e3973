using System.Text;
using System.Text.RegularExpressions;
using Mandate.Protocol.Metadata;

namespace Mandate.Protocol.Tests;

/// <summary>The wire documents shared by server, API library, SDK and CLI are defined once, in Mandate.Protocol: the
/// RFC 8414 metadata and RFC 6749 §5.1/§5.2 token-response readers, their member names, and the admin scope list.</summary>
public sealed partial class WireModelTests
{
    [Fact(DisplayName = "RFC 8414 §3.2: a metadata document is read, members it does not know are ignored")]
    public void Metadata_Parse_ReadsKnownMembers_IgnoresUnknownOnes()
    {
        var metadata = AuthorizationServerMetadata.Parse(Encoding.UTF8.GetBytes("""
            {"issuer":"https://as.example.com","token_endpoint":"https://as.example.com/token","jwks_uri":"https://as.example.com/jwks",
             "revocation_endpoint":"https://as.example.com/revoke","introspection_endpoint":"https://as.example.com/introspect",
             "grant_types_supported":["client_credentials","urn:ietf:params:oauth:grant-type:token-exchange"],
             "dpop_signing_alg_values_supported":["ES256","PS256"],"service_documentation":"https://as.example.com/docs",
             "x_vendor":{"nested":[1,2,3]}}
            """));

        Assert.NotNull(metadata);
        Assert.Equal("https://as.example.com", metadata.Issuer);
        Assert.Equal(new Uri("https://as.example.com/token"), AuthorizationServerMetadata.AbsoluteUri(metadata.TokenEndpoint));
        Assert.Equal("https://as.example.com/jwks", metadata.JwksUri);
        Assert.Equal("https://as.example.com/revoke", metadata.RevocationEndpoint);
        Assert.Equal("https://as.example.com/introspect", metadata.IntrospectionEndpoint);
        Assert.Equal(["client_credentials", GrantTypes.TokenExchange], metadata.GrantTypesSupported);
        Assert.Equal(["ES256", "PS256"], metadata.DpopSigningAlgValuesSupported);
    }

    [Theory(DisplayName = "RFC 8414 §3.2: a body that is not a JSON object of the RFC's member types is no metadata (null, no exception)")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("[1,2]")]
    [InlineData("{\"issuer\":42}")]
    [InlineData("{\"token_endpoint\":[\"https://as.example.com/token\"]}")]
    [InlineData("{\"issuer\":\"https://as.example.com\"")]
    [InlineData("")]
    public void Metadata_Parse_NotMetadata_IsNull(string body) =>
        Assert.Null(AuthorizationServerMetadata.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact(DisplayName = "RFC 8414 §2: a relative, missing or non-http(s) endpoint is no endpoint URL")]
    public void Metadata_AbsoluteUri_RelativeOrMissing_IsNull()
    {
        Assert.Null(AuthorizationServerMetadata.AbsoluteUri("/token"));
        Assert.Null(AuthorizationServerMetadata.AbsoluteUri("file:///etc/passwd"));
        Assert.Equal(new Uri("http://127.0.0.1:5080/token"), AuthorizationServerMetadata.AbsoluteUri("http://127.0.0.1:5080/token"));
        Assert.Null(AuthorizationServerMetadata.AbsoluteUri(null));
    }

    [Fact(DisplayName = "RFC 6749 §5.1 / RFC 8693 §2.2.1 / RFC 9396 §7: a token response is read, unknown members ignored")]
    public void TokenResponse_Parse_Success()
    {
        var response = TokenEndpointResponse.Parse(Encoding.UTF8.GetBytes("""
            {"access_token":"eyJ.x.y","token_type":"DPoP","expires_in":"300","scope":"a b","refresh_token":"mrt_1",
             "issued_token_type":"urn:ietf:params:oauth:token-type:access_token",
             "authorization_details":[{"type":"payment","amount":"10"}],"x_extra":true}
            """));

        Assert.NotNull(response);
        Assert.Equal("eyJ.x.y", response.AccessToken);
        Assert.Equal(TokenTypes.DPoP, response.TokenType);
        Assert.Equal(300, response.ExpiresIn);
        Assert.Equal("a b", response.Scope);
        Assert.Equal("mrt_1", response.RefreshToken);
        Assert.Equal(TokenTypes.AccessToken, response.IssuedTokenType);
        Assert.Equal("payment", response.AuthorizationDetails!.Value[0].GetProperty("type").GetString());
        Assert.Null(response.Error);
    }

    [Fact(DisplayName = "RFC 6749 §5.2: an error response is read with the same type")]
    public void TokenResponse_Parse_Error()
    {
        var response = TokenEndpointResponse.Parse("""{"error":"invalid_client","error_description":"MND2300: no."}"""u8);

        Assert.NotNull(response);
        Assert.Equal(OAuthErrorCodes.InvalidClient, response.Error);
        Assert.Equal("MND2300: no.", response.ErrorDescription);
        Assert.Null(response.AccessToken);
    }

    [Theory(DisplayName = "RFC 6749 §5.1: a body that is not a JSON object of the RFC's member types is no token response")]
    [InlineData("<html/>")]
    [InlineData("{\"access_token\":1}")]
    [InlineData("{\"expires_in\":\"soon\"}")]
    public void TokenResponse_Parse_NotAResponse_IsNull(string body) =>
        Assert.Null(TokenEndpointResponse.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void AdminScopes_ListEveryMandateAdminScopeOnce()
    {
        string[] expected = [MandateScopes.Admin, MandateScopes.AdminRead, MandateScopes.AdminAgents, MandateScopes.AdminKeys, MandateScopes.AdminTrust, MandateScopes.AdminAudit];
        Assert.Equal(expected, MandateScopes.AllAdmin);
        Assert.DoesNotContain(MandateScopes.Introspect, MandateScopes.AllAdmin);
    }

    /// <summary>The member names of the metadata document and the token response, and the well-known path, appear as
    /// string literals only in Mandate.Protocol: every other project uses its constants and reader types, so the
    /// server that writes a document and the clients that read it cannot drift apart.</summary>
    [Fact]
    public void WireNames_AreWrittenOnlyInMandateProtocol()
    {
        var offenders = RepositoryFiles.SourceFiles()
            .Where(path => !RepositoryFiles.Relative(path).StartsWith("src/Mandate.Protocol/", StringComparison.Ordinal))
            .SelectMany(path => WireNameLiteral().Matches(File.ReadAllText(path)).Select(match => RepositoryFiles.Relative(path) + ": " + match.Value))
            .ToList();

        Assert.True(offenders.Count == 0, "wire names outside Mandate.Protocol:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void AdminScopeList_IsWrittenOnlyInMandateProtocol()
    {
        var offenders = RepositoryFiles.SourceFiles()
            .Where(path => !RepositoryFiles.Relative(path).StartsWith("src/Mandate.Protocol/", StringComparison.Ordinal))
            .Where(path => AdminScopeList().IsMatch(File.ReadAllText(path)))
            .Select(RepositoryFiles.Relative)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void AccessTokenClaimList_IsWrittenOnlyInMandateProtocol()
    {
        // RFC 9068 §2.2's required claims and §4's typ values, listed once for the library, the server and the CLI.
        Assert.Equal(["iss", "sub", "aud", "exp", "iat", "jti", "client_id"], AccessTokenClaims.Required);
        Assert.Equal(["at+jwt", "application/at+jwt"], AccessTokenClaims.JwtTypes);
        var offenders = RepositoryFiles.SourceFiles()
            .Where(path => !RepositoryFiles.Relative(path).StartsWith("src/Mandate.Protocol/", StringComparison.Ordinal))
            .Where(path => AccessTokenClaimList().IsMatch(File.ReadAllText(path)))
            .Select(RepositoryFiles.Relative)
            .ToList();

        Assert.Empty(offenders);
    }

    // The claim list or the typ pair spelled out again, with the constants or as literals.
    [GeneratedRegex(@"JwtClaimNames\.ExpirationTime, JwtClaimNames\.IssuedAt, JwtClaimNames\.JwtId, JwtClaimNames\.ClientId|""iss"", ""sub"", ""aud""|TokenTypes\.AccessTokenJwtType, TokenTypes\.AccessTokenJwtMediaType")]
    private static partial Regex AccessTokenClaimList();

    [GeneratedRegex("\"(token_endpoint|revocation_endpoint|introspection_endpoint|access_token|expires_in|issued_token_type|authorization_servers|bearer_methods_supported|resource_documentation|/\\.well-known/oauth-authorization-server|/\\.well-known/oauth-protected-resource)\"")]
    private static partial Regex WireNameLiteral();

    // A collection expression or array naming the admin scopes one after another.
    [GeneratedRegex(@"MandateScopes\.Admin,\s*MandateScopes\.AdminRead")]
    private static partial Regex AdminScopeList();
}
