namespace Mandate.EndToEnd.Tests.Harness;

/// <summary>The sample agent's last line, <c>calls: N, failures: F, token requests: T</c>, and its exit code.</summary>
internal sealed record SampleAgentSummary(int Calls, int Failures, int TokenRequests, int ExitCode);
