using Mandate.Cli;

// The process entry point; all behaviour lives in MandateCli so tests can run it in-process.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl-C: stop cleanly (serve shuts Kestrel down) instead of killing the process.
    e.Cancel = true;
    cancellation.Cancel();
};
return await MandateCli.RunAsync(args, CliContext.FromConsole(), cancellation.Token);
