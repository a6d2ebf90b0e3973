// Interoperability of dynamic client registration with a client library nobody here wrote: Duende.IdentityModel
// discovers registration_endpoint (RFC 8414), registers with an initial access token (RFC 7591 §3,
// RegisterClientAsync) and gets a token with the credentials it was given (RequestClientCredentialsTokenAsync).
using System.Net;
using Duende.IdentityModel.Client;

namespace Mandate.Server.IntegrationTests.Registration;

public sealed class RegistrationInteropTests
{
    [Fact(DisplayName = "Interop: Duende.IdentityModel registers a client (RFC 7591) and gets a token with its credentials")]
    public async Task Duende_RegistersAndGetsToken()
    {
        await using var bed = await RegistrationTestBed.StartAsync(sqlite: true);
        var initialAccessToken = await bed.CreateInitialAccessTokenAsync(maxUses: 1);
        using var http = new HttpClient();

        var disco = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = bed.Server.Issuer,
            // Duende requires https except on loopback; the Mandate test server runs on 127.0.0.1.
            Policy = new DiscoveryPolicy { RequireHttps = true, AllowHttpOnLoopback = true },
        });
        Assert.False(disco.IsError, disco.Error);
        Assert.Equal(bed.Server.Issuer + "/register", disco.RegistrationEndpoint);

        var registration = await http.RegisterClientAsync(new DynamicClientRegistrationRequest
        {
            Address = disco.RegistrationEndpoint,
            Token = initialAccessToken,
            Document = new DynamicClientRegistrationDocument
            {
                ClientName = "duende interop agent",
                GrantTypes = { "client_credentials" },
                Scope = "tools:read",
                SoftwareId = "duende-interop",
                Contacts = { "dev@example.com" },
            },
        });
        Assert.False(registration.IsError, registration.Error + " " + registration.Raw);
        Assert.Equal(HttpStatusCode.Created, registration.HttpStatusCode);
        Assert.StartsWith("agt_", registration.ClientId);
        Assert.False(string.IsNullOrEmpty(registration.ClientSecret));
        Assert.StartsWith("mra_", registration.RegistrationAccessToken);
        Assert.Equal(bed.Server.Issuer + "/register/" + registration.ClientId, registration.RegistrationClientUri);

        var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = registration.ClientId!,
            ClientSecret = registration.ClientSecret,
            Scope = "tools:read",
            Resource = { RegistrationTestBed.Api },
        });
        Assert.False(token.IsError, token.Error + " " + token.ErrorDescription);
        Assert.Equal("tools:read", token.Scope);

        // The single-use initial access token is spent: a second registration is refused as RFC 6750 says.
        var again = await http.RegisterClientAsync(new DynamicClientRegistrationRequest
        {
            Address = disco.RegistrationEndpoint,
            Token = initialAccessToken,
            Document = new DynamicClientRegistrationDocument { ClientName = "second" },
        });
        Assert.True(again.IsError);
        Assert.Equal(HttpStatusCode.Unauthorized, again.HttpStatusCode);
    }
}
