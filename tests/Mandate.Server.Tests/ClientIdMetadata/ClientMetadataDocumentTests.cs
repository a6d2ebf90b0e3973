using System.Text;
using Mandate.Server.ClientIdMetadata;

namespace Mandate.Server.Tests.ClientIdMetadata;

public sealed class ClientMetadataDocumentTests
{
    private const string ClientId = "https://agents.example.com/bot.json";
    private const string Jwks = """{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}""";

    private static ClientMetadataDocument? Parse(string json, out string reason) =>
        ClientMetadataDocument.Parse(Encoding.UTF8.GetBytes(json), ClientId, allowHttpLoopback: false, out reason);

    [Fact(DisplayName = "CIMD §4: a self-naming private_key_jwt document with jwks is read, scope and grant_types included")]
    public void Valid_Read()
    {
        var document = Parse($$"""{"client_id":"{{ClientId}}","client_name":"Bot","token_endpoint_auth_method":"private_key_jwt","jwks":{{Jwks}},"scope":"a b","grant_types":["client_credentials"]}""", out _);
        Assert.NotNull(document);
        Assert.Equal("Bot", document.ClientName);
        Assert.Equal(["a", "b"], document.Scopes);
        Assert.Equal(["client_credentials"], document.GrantTypes);
        Assert.Contains("P-256", document.Jwks, StringComparison.Ordinal);
    }

    [Theory(DisplayName = "CIMD §4 / RFC 7591 §2: invalid documents are refused with a reason")]
    [InlineData("[]")]
    [InlineData("{\"client_id\":\"https://agents.example.com/other.json\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"https://agents.example.com/jwks\"}")]
    [InlineData("{\"client_id\":\"https://agents.example.com/BOT.json\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"https://agents.example.com/jwks\"}")]
    [InlineData("{\"client_id\":\"https://agents.example.com/bot.json\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"https://agents.example.com/jwks\",\"client_secret_expires_at\":0}")]
    [InlineData("{\"client_id\":\"https://agents.example.com/bot.json\",\"token_endpoint_auth_method\":\"client_secret_post\",\"jwks_uri\":\"https://agents.example.com/jwks\"}")]
    [InlineData("{\"client_id\":\"https://agents.example.com/bot.json\",\"token_endpoint_auth_method\":\"private_key_jwt\"}")]
    [InlineData("{\"client_id\":\"https://agents.example.com/bot.json\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"http://agents.example.com/jwks\"}")]
    [InlineData("{\"client_id\":\"https://agents.example.com/bot.json\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"https://agents.example.com/jwks\",\"jwks\":{\"keys\":[]}}")]
    [InlineData("{\"client_id\":\"https://agents.example.com/bot.json\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"https://agents.example.com/jwks\",\"grant_types\":\"client_credentials\"}")]
    [InlineData("{\"client_id\":\"https://agents.example.com/bot.json\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks_uri\":\"https://agents.example.com/jwks\",\"scope\":[\"a\"]}")]
    [InlineData("{\"client_id\":")]
    public void Invalid_Refused(string json)
    {
        Assert.Null(Parse(json, out var reason));
        Assert.NotEmpty(reason);
    }
}
