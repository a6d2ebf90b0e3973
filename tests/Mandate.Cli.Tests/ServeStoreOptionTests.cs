using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

/// <summary><c>mandate serve --store</c>: choosing the provider and refusing a PostgreSQL store it cannot use, in one line.</summary>
public sealed class ServeStoreOptionTests
{
    [Fact]
    public async Task Serve_StorePostgresWithoutConnectionString_ExitsTwoNamingWhereToPutIt()
    {
        CliResult result = await Runner().RunAsync("serve", "--store", "postgres", "--urls", Url());

        result.AssertOneLineError(ExitCodes.Usage);
        Assert.Contains("MND0501", result.Stderr);
        Assert.Contains("MANDATE_POSTGRES_CONNECTION", result.Stderr);
    }

    [Fact]
    public async Task Serve_StorePostgresMalformedConnectionString_ExitsTwoWithoutEchoingIt()
    {
        CliResult result = await Runner()
            .WithEnvironment(("MANDATE_POSTGRES_CONNECTION", "Host=127.0.0.1;Password=s3cret-value;Bogus Keyword=1"))
            .RunAsync("serve", "--store", "postgres", "--urls", Url());

        result.AssertOneLineError(ExitCodes.Usage);
        Assert.Contains("MND0502", result.Stderr);
        Assert.DoesNotContain("s3cret-value", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task Serve_StorePostgresNothingListening_ExitsThreeWithoutThePassword()
    {
        CliResult result = await Runner()
            .WithEnvironment(("MANDATE_POSTGRES_CONNECTION",
                $"Host=127.0.0.1;Port={FreePort.Next()};Database=mandate;Username=mandate;Password=s3cret-value;Timeout=3"))
            .RunAsync("serve", "--store", "postgres", "--urls", Url());

        result.AssertOneLineError(ExitCodes.Unreachable);
        Assert.Contains("MND0503", result.Stderr);
        Assert.Contains("postgres://mandate@127.0.0.1:", result.Stderr);
        Assert.DoesNotContain("s3cret-value", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task Serve_UnknownStore_ExitsTwo()
    {
        CliResult result = await Runner().RunAsync("serve", "--store", "mysql", "--urls", Url());

        result.AssertOneLineError(ExitCodes.Usage);
    }

    private static CliRunner Runner() => new(Directory.CreateTempSubdirectory("mandate-cli-").FullName);

    private static string Url() => $"http://127.0.0.1:{FreePort.Next()}";
}
