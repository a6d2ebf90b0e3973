using Mandate.Server.Registration;

namespace Mandate.Server.Tests.Registration;

public sealed class RegistrationUnitTests
{
    [Fact]
    public void InitialAccessTokenId_ReadsTheIdOfAWellFormedValue()
    {
        var suffix = new string('a', 26);

        Assert.Equal("iat_" + suffix, RegistrationCredentials.InitialAccessTokenId("mit_" + suffix + ".secret"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mit_short.secret")]
    [InlineData("mit_aaaaaaaaaaaaaaaaaaaaaaaaaa.")]
    [InlineData("mnd_aaaaaaaaaaaaaaaaaaaaaaaaaa.secret")]
    [InlineData("mit_aaaaaaaaaaaaaaaaaaaaaaaaaaXsecret")]
    public void InitialAccessTokenId_MalformedValue_IsNull(string value) =>
        Assert.Null(RegistrationCredentials.InitialAccessTokenId(value));

    [Fact]
    public void NewRegistrationAccessToken_IsPrefixedAndRandom()
    {
        var first = RegistrationCredentials.NewRegistrationAccessToken();
        var second = RegistrationCredentials.NewRegistrationAccessToken();

        Assert.StartsWith("mra_", first);
        Assert.Equal(4 + 43, first.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void OptionsValidator_Defaults_AreValid() =>
        Assert.True(new ClientRegistrationOptionsValidator().Validate(null, new ClientRegistrationOptions()).Succeeded);

    [Fact]
    public void OptionsValidator_OutOfRange_NamesEachSetting()
    {
        var result = new ClientRegistrationOptionsValidator().Validate(null, new ClientRegistrationOptions
        {
            RequestsPerAddress = 0,
            Window = TimeSpan.Zero,
            MaxInitialAccessTokenLifetime = TimeSpan.FromDays(400),
        });

        Assert.True(result.Failed);
        Assert.Equal(["MND1300", "MND1301", "MND1302"], result.Failures!.Select(f => f[..7]));
    }
}
