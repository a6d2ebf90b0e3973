namespace Mandate.Cli.Probe;

/// <summary>One DPoP request the API must reject.</summary>
/// <param name="Name">What is wrong, printed after <c>rejected</c>/<c>ACCEPTED</c>.</param>
/// <param name="Build">Builds the request from the session, the target URL and the real bound token.</param>
internal sealed record DpopProbeCase(string Name, Func<DpopProbeSession, Uri, string, ProbeRequest> Build);
