// The server's own access tokens get no clock-skew grace on its own endpoints (skew is for other parties'
// clocks): RFC 7519 §4.1.4, the current time must be before exp.
using Mandate.Admin;
using Mandate.Server.Revocation;
using Mandate.Server.Tests.Harness;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.Tests.Revocation;

public sealed class OwnTokenExpiryTests
{
    [Fact(DisplayName = "RFC 7662 §2.2 / RFC 7519 §4.1.4: an own token is no longer active the moment exp passes, despite ClockSkew")]
    public async Task IssuedTokenReader_RefusesTheTokenAtExp()
    {
        await using var server = await ServerHarness.CreateAsync(o => o.ClockSkew = TimeSpan.FromMinutes(2));
        var (agent, secret) = await server.CreateAgentAsync();
        var token = (await server.PostTokenAsync(ServerHarness.Form(("grant_type", "client_credentials")), ServerHarness.Basic(agent.ClientId, secret!))).AccessToken;
        var reader = server.Services.GetRequiredService<IssuedTokenReader>();

        server.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.NotNull(reader.Read(token).Claims);

        server.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(reader.Read(token).Claims);
    }

    [Fact(DisplayName = "RFC 6750 §3.1: an admin token is refused the moment it expires, despite ClockSkew")]
    public async Task AdminAuthorizer_RefusesTheAdminTokenAtExp()
    {
        await using var server = await ServerHarness.CreateAsync(o => o.ClockSkew = TimeSpan.FromMinutes(2), services => services.AddMandateAdmin());
        var uris = server.Services.GetRequiredService<IssuerUris>();
        var (admin, secret) = await server.CreateAgentAsync(ServerHarness.DefaultRegistration() with
        {
            Name = "ops-admin",
            Scopes = ["mandate:admin"],
            DefaultScopes = ["mandate:admin"],
            Audiences = [uris.AdminAudience],
        });
        var token = (await server.PostTokenAsync(ServerHarness.Form(("grant_type", "client_credentials")), ServerHarness.Basic(admin.ClientId, secret!))).AccessToken;
        var authorizer = server.Services.GetRequiredService<AdminAuthorizer>();

        server.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(admin.ClientId, (await authorizer.AuthorizeAsync(WithBearer(server, token), Mandate.Protocol.MandateScopes.AdminRead)).ClientId);

        server.Time.Advance(TimeSpan.FromSeconds(1));
        var (clientId, failure) = await authorizer.AuthorizeAsync(WithBearer(server, token), Mandate.Protocol.MandateScopes.AdminRead);
        Assert.Null(clientId);
        Assert.Equal(StatusCodes.Status401Unauthorized, failure!.StatusCode);
    }

    private static DefaultHttpContext WithBearer(ServerHarness server, string token)
    {
        var context = new DefaultHttpContext { RequestServices = server.Services };
        context.Request.Headers.Authorization = "Bearer " + token;
        return context;
    }
}
