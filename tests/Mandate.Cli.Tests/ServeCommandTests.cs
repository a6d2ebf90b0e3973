using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_PrintsIssuerDataDirAndCredentialsPath_NeverSecret_StopsCleanly()
    {
        var server = new ServeFixture();
        await server.InitializeAsync();
        try
        {
            string output = server.ServeOutput;
            Assert.Contains($"issuer:            {server.Url}", output);
            Assert.Contains(server.DataDirectory, output);
            string credentials = Path.Combine(server.DataDirectory, "admin-credentials.json");
            Assert.Contains(credentials, output);
            Assert.True(File.Exists(credentials));
            Assert.True(File.Exists(Path.Combine(server.DataDirectory, "mandate.db")));
            Assert.DoesNotContain("mnd_", output);
        }
        finally
        {
            Assert.Equal(ExitCodes.Ok, await server.StopAsync());
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Serve_PortInUse_ExitsOneWithOneLine()
    {
        var first = new ServeFixture();
        await first.InitializeAsync();
        try
        {
            string other = Directory.CreateTempSubdirectory("mandate-cli-").FullName;
            CliResult result = await new CliRunner(other).RunAsync("serve", "--urls", first.Url);
            result.AssertOneLineError(ExitCodes.Failure);
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Serve_HttpIssuerOnPublicHost_ExitsOneWithOneLine()
    {
        string dir = Directory.CreateTempSubdirectory("mandate-cli-").FullName;
        CliResult result = await new CliRunner(dir).RunAsync(
            "serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--issuer", "http://mandate.example.com");
        result.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("the server configuration is invalid", result.Stderr);
    }

    [Fact]
    public async Task Serve_ReadsAuditSettingsFromAppSettings_InvalidOneIsRefusedWithItsName()
    {
        string dir = Directory.CreateTempSubdirectory("mandate-cli-").FullName;
        await File.WriteAllTextAsync(
            Path.Combine(dir, "appsettings.json"), """{"Mandate":{"Audit":{"MaxBatchSize":0}}}""");
        CliResult result = await new CliRunner(dir).RunAsync("serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}");
        result.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("Audit.MaxBatchSize", result.Stderr);
    }

    [Fact]
    public async Task Serve_MalformedUrl_ExitsTwo()
    {
        CliResult result = await new CliRunner(Path.GetTempPath()).RunAsync("serve", "--urls", "not a url");
        result.AssertOneLineError(ExitCodes.Usage);
    }

    [Fact]
    public async Task Serve_MalformedKeyTiming_ExitsTwo()
    {
        CliResult result = await new CliRunner(Path.GetTempPath()).RunAsync(
            "serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--key-propagation-delay", "soon");
        result.AssertOneLineError(ExitCodes.Usage);
        Assert.Contains("--key-propagation-delay", result.Stderr);
    }

    [Fact]
    public async Task Serve_RotationIntervalNotLongerThanPropagationDelay_ExitsOneWithOneLine()
    {
        string dir = Directory.CreateTempSubdirectory("mandate-cli-").FullName;
        CliResult result = await new CliRunner(dir).RunAsync(
            "serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--key-rotation-interval", "20s", "--key-propagation-delay", "20s");
        result.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("--key-rotation-interval (KeyRotationInterval) must be longer than --key-propagation-delay (KeyPropagationDelay)", result.Stderr);
    }
}
