// BenchmarkDotNet entry point: `dotnet run -c Release --project bench/Mandate.Benchmarks -- --filter '*'`.
// Results are copied into docs/benchmarks.md with the peers measured in the same run.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
