namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>A server whose appsettings.json (in the working directory) turns dynamic client registration on.</summary>
public sealed class RegistrationServeFixture : ServeFixture
{
    /// <summary>Writes the configuration before serve starts.</summary>
    public RegistrationServeFixture() =>
        File.WriteAllText(Path.Combine(Root, "appsettings.json"), """{"Mandate":{"ClientRegistration":{"Enabled":true}}}""");
}
