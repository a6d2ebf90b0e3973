using System.Security.Claims;
using Mandate.Admin;
using Mandate.Admin.Console;

namespace Mandate.Console.Tests;

/// <summary>Start-up validation of <c>Mandate:Console:Oidc</c> and the claim-to-role mapping.</summary>
public sealed class ConsoleOidcOptionsTests
{
    [Fact]
    public void Unconfigured_IsValid_AndOffUnlessOnlyIsSet()
    {
        Assert.True(Validate(new MandateConsoleOidcOptions()).Succeeded);
        Assert.Contains("MND1856", Validate(new MandateConsoleOidcOptions { Only = true }).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_IsValid()
    {
        Assert.True(Validate(Complete()).Succeeded);
        var loopback = Complete();
        loopback.Authority = new Uri("http://127.0.0.1:8080/realms/corp");
        loopback.RequireHttpsMetadata = false;
        Assert.True(Validate(loopback).Succeeded);
    }

    [Theory]
    [InlineData("http://idp.example.com", "MND1850")]
    [InlineData("ftp://idp.example.com", "MND1850")]
    [InlineData("https://idp.example.com/?tenant=x", "MND1850")]
    [InlineData("https://idp.example.com/#x", "MND1850")]
    public void Authority_MustBeHttpsWithoutQuery(string authority, string id)
    {
        var options = Complete();
        options.Authority = new Uri(authority);
        Assert.Contains(id, Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(MandateConsoleOidcOptions.ClientId), "MND1851")]
    [InlineData(nameof(MandateConsoleOidcOptions.ClientSecret), "MND1852")]
    [InlineData(nameof(MandateConsoleOidcOptions.RoleClaim), "MND1853")]
    [InlineData(nameof(MandateConsoleOidcOptions.RoleMappings), "MND1854")]
    [InlineData("UnknownRole", "MND1854")]
    [InlineData(nameof(MandateConsoleOidcOptions.RequireHttpsMetadata), "MND1855")]
    public void MissingOrBadSetting_IsRefusedWithItsId(string setting, string id)
    {
        var options = Complete();
        switch (setting)
        {
            case nameof(MandateConsoleOidcOptions.ClientId): options.ClientId = " "; break;
            case nameof(MandateConsoleOidcOptions.ClientSecret): options.ClientSecret = null; break;
            case nameof(MandateConsoleOidcOptions.RoleClaim): options.RoleClaim = ""; break;
            case nameof(MandateConsoleOidcOptions.RoleMappings): options.RoleMappings.Clear(); break;
            case "UnknownRole": options.RoleMappings[0].Roles = ["superuser"]; break;
            default: options.RequireHttpsMetadata = false; break;
        }

        var result = Validate(options);
        Assert.True(result.Failed);
        Assert.Contains(id, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_IsTheUnionOfTheMappedClaimValues_ComparedExactly()
    {
        var options = Complete();
        options.RoleMappings.Add(new ConsoleOidcRoleMapping { Value = "sec-audit", Roles = ["viewer", "audit"] });
        options.RoleMappings.Add(new ConsoleOidcRoleMapping { Value = "key-custodians", Roles = ["keys"] });
        Assert.Equal(ConsoleRole.Viewer | ConsoleRole.Audit | ConsoleRole.Keys, ConsoleOidcEvents.Role(Principal("sec-audit", "key-custodians", "other"), options));
        Assert.Equal(ConsoleRole.Admin, ConsoleOidcEvents.Role(Principal("mandate-admins"), options));
        Assert.Equal(ConsoleRole.None, ConsoleOidcEvents.Role(Principal("Mandate-Admins", "mandate-admins "), options));
        Assert.Equal(ConsoleRole.None, ConsoleOidcEvents.Role(new ClaimsPrincipal(new ClaimsIdentity([new Claim("roles", "mandate-admins")])), options));
    }

    [Fact]
    public void OperatorId_IsSubAtIssuerHost()
    {
        var claim = new Claim("sub", "00u1abc", ClaimValueTypes.String, "https://corp.okta.com/oauth2/default");
        Assert.Equal("oidc:00u1abc@corp.okta.com", ConsoleOidcEvents.OperatorId(claim));
    }

    private static ClaimsPrincipal Principal(params string[] groups) =>
        new(new ClaimsIdentity(groups.Select(g => new Claim("groups", g))));

    private static MandateConsoleOidcOptions Complete() => new()
    {
        Authority = new Uri("https://login.example.com/tenant/v2.0"),
        ClientId = "mandate-console",
        ClientSecret = "secret",
        RoleMappings = [new ConsoleOidcRoleMapping { Value = "mandate-admins", Roles = ["admin"] }],
    };

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(MandateConsoleOidcOptions oidc) =>
        new MandateConsoleOptionsValidator().Validate(null, new MandateConsoleOptions { Oidc = oidc });
}
