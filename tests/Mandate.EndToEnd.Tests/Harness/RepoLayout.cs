namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>
/// Where the programs under test were built. The test project references them (without their
/// assemblies), so they are built with the same configuration and target framework as this assembly:
/// <c>{repo}/tests/Mandate.EndToEnd.Tests/bin/{Configuration}/{tfm}/</c> maps to
/// <c>{repo}/{project}/bin/{Configuration}/{tfm}/{assembly}.dll</c>.
/// </summary>
internal static class RepoLayout
{
    private static readonly Lazy<(string Root, string Configuration, string TargetFramework)> Layout = new(Discover);

    /// <summary>The folder that holds Mandate.slnx.</summary>
    public static string Root => Layout.Value.Root;

    /// <summary>The build configuration of this test assembly (Debug unless built otherwise).</summary>
    public static string Configuration => Layout.Value.Configuration;

    /// <summary><c>mandate</c>: the CLI (assembly Mandate.dll).</summary>
    public static string MandateCli => Program("src/Mandate.Cli", "Mandate.dll");

    /// <summary>The sample tool API protected by Mandate.ResourceServer.</summary>
    public static string SampleApi => Program("samples/Mandate.Samples.Api", "Mandate.Samples.Api.dll");

    /// <summary>The sample agent that calls the API through Mandate.Agent.</summary>
    public static string SampleAgent => Program("samples/Mandate.Samples.Agent", "Mandate.Samples.Agent.dll");

    /// <summary>The delegation sample: an orchestrator and a sub-agent exchanging tokens (RFC 8693) to call the API.</summary>
    public static string SampleDelegation => Program("samples/Mandate.Samples.Delegation", "Mandate.Samples.Delegation.dll");

    /// <summary>The MCP server sample (official C# SDK, streamable HTTP at /mcp) protected by Mandate.ResourceServer.</summary>
    public static string SampleMcpServer => Program("samples/Mandate.Samples.McpServer", "Mandate.Samples.McpServer.dll");

    /// <summary>The MCP agent sample (official C# MCP client, Mandate.Agent discovery and step-up).</summary>
    public static string SampleMcpAgent => Program("samples/Mandate.Samples.McpAgent", "Mandate.Samples.McpAgent.dll");

    /// <summary>The <c>dotnet</c> host that runs this test process, used to run the programs.</summary>
    public static string DotnetHost
    {
        get
        {
            // The SDK sets DOTNET_HOST_PATH for the processes it starts (test host included).
            string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
            {
                return hostPath;
            }

            string? processPath = Environment.ProcessPath;
            return processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet" ? processPath : "dotnet";
        }
    }

    private static string Program(string projectDirectory, string assemblyFileName)
    {
        string path = Path.Combine(Root, projectDirectory, "bin", Configuration, Layout.Value.TargetFramework, assemblyFileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} was not built; the test project's ProjectReference should have built it.", path);
    }

    private static (string, string, string) Discover()
    {
        // bin/{Configuration}/{tfm}/Mandate.EndToEnd.Tests.dll
        var assemblyDirectory = new DirectoryInfo(Path.GetDirectoryName(typeof(RepoLayout).Assembly.Location)!);
        string targetFramework = assemblyDirectory.Name;
        string configuration = assemblyDirectory.Parent?.Name
            ?? throw new InvalidOperationException($"Cannot derive the configuration from {assemblyDirectory.FullName}.");

        for (DirectoryInfo? directory = assemblyDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mandate.slnx")))
            {
                return (directory.FullName, configuration, targetFramework);
            }
        }

        throw new InvalidOperationException($"No Mandate.slnx above {assemblyDirectory.FullName}.");
    }
}
