using Mandate.Cli;

// The process entry point; all behaviour lives in MandateCli so tests can run it in-process.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C: stop cleanly (serve shuts Kestrel down). A second one ends the process at once.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
return await MandateCli.RunAsync(args, CliContext.FromConsole(), cancellation.Token);
