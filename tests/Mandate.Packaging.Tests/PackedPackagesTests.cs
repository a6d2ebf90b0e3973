// The shipped packages as a user gets them: `dotnet pack` into a temporary folder feed, then a project outside
// the solution restores them from that feed, builds with warnings as errors and protects an API with them on a
// loopback port. A missing dependency, a wrong package id or an API that only works inside the solution fails here.
using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Mandate.Packaging.Tests;

public sealed class PackedPackagesTests
{
    private static readonly string[] Packages = ["Mandate.Jose", "Mandate.Protocol", "Mandate.ResourceServer", "Mandate.Agent"];

    [Fact]
    public async Task PackedPackages_CarryMetadata_AndProtectAnApiOutsideTheSolution()
    {
        var root = FindRepositoryRoot();
        var work = Directory.CreateTempSubdirectory("mandate-pack-");
        // A version no earlier run used, so the global package cache cannot serve a stale copy.
        var version = "0.0.0-test." + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + "." + Environment.ProcessId;
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            foreach (var package in Packages)
            {
                await RunAsync(root, "dotnet", "pack", Path.Combine(root, "src", package), "-c", "Release", "-o", feed, "-p:Version=" + version, "-nologo");
            }

            foreach (var package in Packages)
            {
                AssertMetadata(Path.Combine(feed, $"{package}.{version}.nupkg"), package);
                Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.snupkg")), package + ": no symbol package");
            }

            var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer")).FullName;
            var template = Path.Combine(AppContext.BaseDirectory, "Consumer");
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"),
                File.ReadAllText(Path.Combine(template, "Consumer.csproj.template")).Replace("$(MandateVersion)", version, StringComparison.Ordinal));
            File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(consumer, "Program.cs"));
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="mandate-test-feed" value="{feed}" />
                  </packageSources>
                </configuration>
                """);

            var output = await RunAsync(consumer, "dotnet", "run", "-c", "Release", "-nologo");
            Assert.Contains("ok: no token: 401", output, StringComparison.Ordinal);
            Assert.Contains("ok: valid token: 200", output, StringComparison.Ordinal);
            Assert.Contains("ok: tampered token: 401", output, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
            RemoveFromGlobalCache(version);
        }
    }

    [Fact]
    public void Licence_TheRepositoryCarriesTheMitTextEveryPackageDeclares()
    {
        var root = FindRepositoryRoot();
        var licence = Path.Combine(root, "LICENSE");
        Assert.True(File.Exists(licence), "no LICENSE at the repository root");
        Assert.StartsWith("MIT License", File.ReadAllText(licence), StringComparison.Ordinal);
        foreach (var project in new[] { Path.Combine("eng", "Package.props"), Path.Combine("src", "Mandate.Cli", "Mandate.Cli.csproj") })
        {
            var expression = XDocument.Load(Path.Combine(root, project)).Descendants().SingleOrDefault(e => e.Name.LocalName == "PackageLicenseExpression");
            Assert.Equal("MIT", expression?.Value);
        }
    }

    private static void AssertMetadata(string nupkg, string id)
    {
        using var archive = ZipFile.OpenRead(nupkg);
        var nuspec = archive.GetEntry(id + ".nuspec") ?? throw new InvalidOperationException(id + ": no nuspec");
        using var stream = nuspec.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(id, Value("id"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")), id + ": no description");
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.NotNull(archive.GetEntry("README.md"));
        Assert.NotNull(archive.GetEntry($"lib/net10.0/{id}.xml"));
        Assert.NotNull(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository")?.Attribute("commit"));
    }

    private static async Task<string> RunAsync(string directory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        return output;
    }

    private static void RemoveFromGlobalCache(string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var package in Packages)
        {
            var folder = Path.Combine(cache, package.ToLowerInvariant(), version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mandate.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Mandate.slnx not found above " + AppContext.BaseDirectory);
    }
}
