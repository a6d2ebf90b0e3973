namespace Mandate.Cli.Probe;

/// <summary>One bad token or request the API must reject.</summary>
/// <param name="Name">What is wrong, printed after <c>rejected</c>/<c>ACCEPTED</c>.</param>
/// <param name="Build">Builds the request from the probe's inputs.</param>
internal sealed record ProbeCase(string Name, Func<ProbeInputs, ProbeRequest> Build);
