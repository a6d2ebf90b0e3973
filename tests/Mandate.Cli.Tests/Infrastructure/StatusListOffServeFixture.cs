namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>A server whose mandate.json turns Token Status Lists off (<c>Mandate:StatusList:Enabled=false</c>).</summary>
public sealed class StatusListOffServeFixture : ServeFixture
{
    /// <summary>Writes mandate.json in the working directory before serve starts.</summary>
    public StatusListOffServeFixture() =>
        File.WriteAllText(Path.Combine(Root, "mandate.json"), """{ "Mandate": { "StatusList": { "Enabled": false } } }""");
}
