using System.Collections.Immutable;
using Mandate.EndToEnd.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mandate.EndToEnd.Tests.Docs;

/// <summary>
/// Compiles a <c>```csharp program</c> block with Roslyn as the <c>Program.cs</c> of a project made with
/// <c>dotnet new web</c> (the Web SDK's implicit usings) that references the Mandate libraries, and lays it out
/// as a runnable app: <c>program.dll</c>, its runtimeconfig (ASP.NET Core shared framework) and the Mandate
/// assemblies beside it. No project file and no build per block, so the docs test stays fast.
/// </summary>
internal static class CSharpProgram
{
    // Microsoft.NET.Sdk.Web's ImplicitUsings.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    private static readonly Lazy<(ImmutableArray<MetadataReference> References, IReadOnlyList<string> LocalAssemblies)> Inputs = new(Discover);

    /// <summary>Compiles <paramref name="source"/> into <paramref name="directory"/>/program.dll.</summary>
    /// <returns>The assembly path, or the compiler's errors (one per line) when it does not compile.</returns>
    public static (string? Assembly, string Errors) Compile(string source, string directory)
    {
        CSharpParseOptions parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "program",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, parse), CSharpSyntaxTree.ParseText(source, parse, path: "Program.cs")],
            Inputs.Value.References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        Directory.CreateDirectory(directory);
        string assembly = Path.Combine(directory, "program.dll");
        Microsoft.CodeAnalysis.Emit.EmitResult result;
        using (FileStream output = File.Create(assembly))
        {
            result = compilation.Emit(output);
        }

        if (!result.Success)
        {
            return (null, string.Join('\n', result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        foreach (string local in Inputs.Value.LocalAssemblies)
        {
            File.Copy(local, Path.Combine(directory, Path.GetFileName(local)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(directory, "program.runtimeconfig.json"), """
            {"runtimeOptions":{"tfm":"net10.0","framework":{"name":"Microsoft.AspNetCore.App","version":"10.0.0"}}}
            """);
        return (assembly, "");
    }

    private static (ImmutableArray<MetadataReference>, IReadOnlyList<string>) Discover()
    {
        string dotnetRoot = Path.GetDirectoryName(ResolveLinks(WhichDotnet()))!;
        var framework = new List<string>();
        foreach (string pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            string version = Directory.GetDirectories(Path.Combine(dotnetRoot, "packs", pack))
                .Select(Path.GetFileName).Where(v => v!.StartsWith("10.", StringComparison.Ordinal))
                .OrderBy(v => Version.Parse(v!.Split('-')[0])).Last()!;
            framework.AddRange(Directory.GetFiles(Path.Combine(dotnetRoot, "packs", pack, version, "ref", "net10.0"), "*.dll"));
        }

        var frameworkNames = new HashSet<string>(framework.Select(Path.GetFileName)!, StringComparer.OrdinalIgnoreCase);

        // The Mandate libraries and their package dependencies, as the samples' builds hold them.
        var local = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string sample in new[] { RepoLayout.SampleApi, RepoLayout.SampleAgent })
        {
            foreach (string dll in Directory.GetFiles(Path.GetDirectoryName(sample)!, "*.dll"))
            {
                string name = Path.GetFileName(dll);
                if (!frameworkNames.Contains(name) && !name.StartsWith("Mandate.Samples.", StringComparison.Ordinal))
                {
                    local.TryAdd(name, dll);
                }
            }
        }

        ImmutableArray<MetadataReference> references =
            [.. framework.Concat(local.Values).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
        return (references, local.Values.ToArray());
    }

    private static string WhichDotnet()
    {
        string host = RepoLayout.DotnetHost;
        if (Path.IsPathRooted(host))
        {
            return host;
        }

        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(directory, host);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("dotnet was not found on PATH.");
    }

    private static string ResolveLinks(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
