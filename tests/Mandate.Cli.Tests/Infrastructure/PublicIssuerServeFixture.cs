namespace Mandate.Cli.Tests.Infrastructure;

/// <summary>A server reached on loopback whose issuer is a public https URL, as behind a TLS-terminating proxy.</summary>
public sealed class PublicIssuerServeFixture : ServeFixture
{
    /// <summary>The issuer in every token and in the metadata.</summary>
    public const string Issuer = "https://mandate.example.com";

    /// <inheritdoc />
    protected override string[] ExtraServeArguments => ["--issuer", Issuer];
}
