using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mandate.Agent.Tests;

public sealed class CredentialsTests
{
    [Fact]
    public void FromJson_ServerWrittenFile_ReadsAllThreeMembers()
    {
        var credentials = MandateCredentials.FromJson("""{"client_id":"agt_1","client_secret":"mnd_x","issuer":"https://mandate.example"}"""u8, "admin-credentials.json");

        Assert.Equal("agt_1", credentials.ClientId);
        Assert.Equal("mnd_x", credentials.ClientSecret);
        Assert.Equal(new Uri("https://mandate.example"), credentials.Issuer);
    }

    [Theory]
    [InlineData("not json mnd_leak")]
    [InlineData("""{"client_id":5,"client_secret":"mnd_leak"}""")]
    [InlineData("[]")]
    public void FromJson_Malformed_ThrowsWithoutQuotingContent(string json)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => MandateCredentials.FromJson(System.Text.Encoding.UTF8.GetBytes(json), "creds.json"));

        Assert.DoesNotContain("mnd_leak", ex.Message, StringComparison.Ordinal);
        Assert.Contains("creds.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_ReadsFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"client_id":"agt_2","client_secret":"mnd_y","issuer":"https://m.example"}""");
            Assert.Equal("agt_2", MandateCredentials.FromFile(path).ClientId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromEnvironment_ReadsMandateVariables()
    {
        var env = new Dictionary<string, string>
        {
            ["MANDATE_ISSUER"] = "https://m.example",
            ["MANDATE_CLIENT_ID"] = "agt_3",
            ["MANDATE_CLIENT_SECRET"] = "mnd_z",
        };

        var credentials = MandateCredentials.FromEnvironment(name => env.GetValueOrDefault(name));

        Assert.Equal("agt_3", credentials.ClientId);
        Assert.Equal("mnd_z", credentials.ClientSecret);
    }

    [Fact]
    public void FromEnvironment_MandateServerNamesTheServer_FormerNameOnlyWhenUnset()
    {
        var both = new Dictionary<string, string> { ["MANDATE_SERVER"] = "https://server.example", ["MANDATE_ISSUER"] = "https://old.example" };
        var former = new Dictionary<string, string> { ["MANDATE_ISSUER"] = "https://old.example" };

        Assert.Equal(new Uri("https://server.example"), MandateCredentials.FromEnvironment(name => both.GetValueOrDefault(name)).Issuer);
        Assert.Equal(new Uri("https://old.example"), MandateCredentials.FromEnvironment(name => former.GetValueOrDefault(name)).Issuer);
    }

    [Fact]
    public void FromConfiguration_AppliedToOptions_ValidatesAtStartUp()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mandate:Issuer"] = "https://mandate.example",
            ["Mandate:ClientId"] = "agt_4",
            ["Mandate:ClientSecret"] = "mnd_w",
        }).Build();
        var services = new ServiceCollection();
        services.AddMandateTokenClient(o => MandateCredentials.FromConfiguration(configuration.GetSection("Mandate")).ApplyTo(o));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MandateTokenClientOptions>>().Value;

        Assert.Equal("agt_4", options.ClientId);
        Assert.Equal("mnd_w", options.ClientSecret);
        Assert.NotNull(provider.GetRequiredService<MandateTokenClient>());
    }

    [Theory]
    [InlineData(0.05, 0.05)]
    [InlineData(0.96, 0.0)]
    [InlineData(0.9, 0.15)]
    [InlineData(0.8, -0.01)]
    public void Validator_RenewAtAndJitterOutOfRange_Fails(double renewAt, double jitter)
    {
        var options = new MandateTokenClientOptions { Issuer = new Uri("https://m.example"), ClientId = "a", ClientSecret = "s", RenewAt = renewAt, Jitter = jitter };

        Assert.True(new MandateTokenClientOptionsValidator().Validate(null, options).Failed);
    }

    [Theory]
    [InlineData("mnd_c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw")]
    [InlineData("mrt_c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw")]
    public void Validator_CredentialAsClientId_FailsWithoutQuotingIt(string credential)
    {
        var options = new MandateTokenClientOptions { Issuer = new Uri("https://m.example"), ClientId = credential, ClientSecret = "agt_1" };

        var result = new MandateTokenClientOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("swapped", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(credential, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://m.example", true)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://m.example", false)]
    [InlineData("https://m.example/?x=1", false)]
    public void Validator_IssuerScheme_HttpsOrLoopbackOnly(string issuer, bool valid)
    {
        var options = new MandateTokenClientOptions { Issuer = new Uri(issuer), ClientId = "a", ClientSecret = "s" };

        Assert.Equal(valid, new MandateTokenClientOptionsValidator().Validate(null, options).Succeeded);
    }
}
