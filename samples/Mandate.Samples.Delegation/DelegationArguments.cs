namespace Mandate.Samples.Delegation;

/// <summary>Command line of the sample: the issuer, the API, and the credentials of the two agents.</summary>
internal sealed record DelegationArguments(
    Uri Issuer, Uri Api, Uri ApiResource, string OrchestratorId, string OrchestratorSecret, string SubAgentId, string SubAgentSecret)
{
    public const string Usage =
        "usage: --issuer URL --api URL --api-resource URI --orchestrator-id ID --orchestrator-secret S --sub-agent-id ID --sub-agent-secret S";

    /// <summary>Parses <paramref name="args"/>; on failure returns null and a one-line reason.</summary>
    public static DelegationArguments? TryParse(string[] args, out string error)
    {
        string[] known = ["--issuer", "--api", "--api-resource", "--orchestrator-id", "--orchestrator-secret", "--sub-agent-id", "--sub-agent-secret"];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!known.Contains(args[i]) || i + 1 >= args.Length)
            {
                error = $"unknown argument or missing value: '{args[i]}'. {Usage}";
                return null;
            }

            values[args[i]] = args[i + 1];
        }

        var missing = known.FirstOrDefault(k => !values.ContainsKey(k));
        if (missing is not null)
        {
            error = $"{missing} is required. {Usage}";
            return null;
        }

        Uri? Absolute(string key) => Uri.TryCreate(values[key], UriKind.Absolute, out var uri) ? uri : null;
        var (issuer, api, resource) = (Absolute("--issuer"), Absolute("--api"), Absolute("--api-resource"));
        if (issuer is null || api is null || resource is null)
        {
            error = $"--issuer, --api and --api-resource must be absolute URIs. {Usage}";
            return null;
        }

        error = "";
        return new DelegationArguments(issuer, api, resource, values["--orchestrator-id"], values["--orchestrator-secret"],
            values["--sub-agent-id"], values["--sub-agent-secret"]);
    }
}
