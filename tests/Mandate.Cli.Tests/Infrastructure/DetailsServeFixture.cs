namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>A server whose appsettings.json (in the working directory) lists <c>agent_task</c> as a supported
/// RFC 9396 authorization_details type.</summary>
public sealed class DetailsServeFixture : ServeFixture
{
    /// <summary>Writes the configuration before serve starts.</summary>
    public DetailsServeFixture() =>
        File.WriteAllText(Path.Combine(Root, "appsettings.json"), """{"Mandate":{"AuthorizationDetails":{"TypesSupported":["agent_task"]}}}""");
}
