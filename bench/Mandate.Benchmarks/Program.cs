// BenchmarkDotNet entry point: `dotnet run -c Release --project bench/Mandate.Benchmarks -- --filter '*'`.
// Results are copied into docs/benchmarks.md with the peers measured in the same run.
using BenchmarkDotNet.Running;

// `-- invalid-client-timing [requests-per-kind]` runs the invalid_client timing measurement instead (not BenchmarkDotNet).
if (args is ["invalid-client-timing", ..])
{
    return await Mandate.Benchmarks.TokenEndpoint.InvalidClientTiming.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
