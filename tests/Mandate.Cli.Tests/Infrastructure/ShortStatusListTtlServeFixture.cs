namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>A server whose mandate.json sets the status lists' ttl to 1 second, so revocation cases end quickly.</summary>
public sealed class ShortStatusListTtlServeFixture : ServeFixture
{
    /// <summary>Writes mandate.json in the working directory before serve starts.</summary>
    public ShortStatusListTtlServeFixture() =>
        File.WriteAllText(Path.Combine(Root, "mandate.json"), """{ "Mandate": { "StatusList": { "TimeToLive": "00:00:01" } } }""");
}
