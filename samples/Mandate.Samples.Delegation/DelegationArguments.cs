namespace Mandate.Samples.Delegation;

/// <summary>Command line of the sample's run: the issuer, the API, the credentials of the two agents and, optionally,
/// the person the work is for (signed in at the sample's corporate IdP).</summary>
internal sealed record DelegationArguments(
    Uri Issuer, Uri Api, Uri ApiResource, string OrchestratorId, string OrchestratorSecret, string SubAgentId, string SubAgentSecret,
    PersonArguments? Person)
{
    public const string Usage =
        "usage: idp-init --dir DIR | [--server URL] --api URL --api-resource URI --orchestrator-id ID " +
        "--sub-agent-id ID [--orchestrator-secret S] [--sub-agent-secret S] [--person NAME --idp-dir DIR --idp-issuer URL]";

    private static readonly string[] Required = ["--issuer", "--api", "--api-resource", "--orchestrator-id", "--orchestrator-secret", "--sub-agent-id", "--sub-agent-secret"];
    /// <summary>The environment variables the two agents' secrets are read from when not given as options.</summary>
    public static readonly (string Option, string Variable)[] SecretVariables =
        [("--orchestrator-secret", "MANDATE_ORCHESTRATOR_SECRET"), ("--sub-agent-secret", "MANDATE_SUB_AGENT_SECRET")];

    private static readonly string[] PersonOptions = ["--person", "--idp-dir", "--idp-issuer"];

    /// <summary>Parses <c>--name value</c> pairs limited to <paramref name="known"/>; null and a reason on failure.</summary>
    public static Dictionary<string, string>? TryParsePairs(string[] args, int start, string[] known, out string error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = start; i < args.Length; i += 2)
        {
            if (!known.Contains(args[i]) || i + 1 >= args.Length)
            {
                error = $"unknown argument or missing value: '{args[i]}'. {Usage}";
                return null;
            }

            // --server names the Mandate server; --issuer is its former name.
            values[args[i] == "--server" ? "--issuer" : args[i]] = args[i + 1];
        }

        error = "";
        return values;
    }

    /// <summary>Parses <paramref name="args"/>; on failure returns null and a one-line reason.</summary>
    public static DelegationArguments? TryParse(string[] args, out string error)
    {
        var values = TryParsePairs(args, 0, ["--server", .. Required, .. PersonOptions], out error);
        if (values is null)
        {
            return null;
        }

        if (!values.ContainsKey("--issuer") && Environment.GetEnvironmentVariable("MANDATE_SERVER") is { Length: > 0 } server)
        {
            values["--issuer"] = server;
        }

        // The secrets come from the environment, so they stay out of the process list and the shell history.
        foreach ((string option, string variable) in SecretVariables)
        {
            if (!values.ContainsKey(option) && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } secret)
            {
                values[option] = secret;
            }
        }

        var missing = Required.FirstOrDefault(k => !values.ContainsKey(k));
        var personCount = PersonOptions.Count(values.ContainsKey);
        if (missing is not null || personCount is not (0 or 3))
        {
            error = (missing is null ? "--person, --idp-dir and --idp-issuer go together."
                : missing == "--issuer" ? "--server is required (or set MANDATE_SERVER)."
                : SecretVariables.FirstOrDefault(v => v.Option == missing).Variable is { } variable
                    ? $"{missing} is required (or set {variable})."
                    : $"{missing} is required.") + " " + Usage;
            return null;
        }

        Uri? Absolute(string key) => Uri.TryCreate(values[key], UriKind.Absolute, out var uri) ? uri : null;
        var (issuer, api, resource) = (Absolute("--issuer"), Absolute("--api"), Absolute("--api-resource"));
        if (issuer is null || api is null || resource is null)
        {
            error = $"--server, --api and --api-resource must be absolute URIs. {Usage}";
            return null;
        }

        var person = personCount == 3 ? new PersonArguments(values["--person"], values["--idp-dir"], values["--idp-issuer"]) : null;
        return new DelegationArguments(issuer, api, resource, values["--orchestrator-id"], values["--orchestrator-secret"],
            values["--sub-agent-id"], values["--sub-agent-secret"], person);
    }
}

/// <summary>The person who asks for the work, and the corporate IdP that signs them in.</summary>
internal sealed record PersonArguments(string Name, string IdpDirectory, string IdpIssuer);
