// Delegation sample (docs/delegation.md, "Worked example"): a person (alice) signs in at a corporate IdP, an
// orchestrator agent exchanges her token (RFC 8693) for one addressed to a sub-agent, and the sub-agent exchanges that
// for a narrower token and calls the sample API on her behalf. Each hop's claims are printed (never the tokens), then
// the API's answer, then one JSON summary line.
//
//   dotnet run --project samples/Mandate.Samples.Delegation -- idp-init --dir ./corp-idp
//   mandate trust add corp-idp --issuer https://idp.corp.example --jwks ./corp-idp/corp-idp.jwks.json ...
//   dotnet run --project samples/Mandate.Samples.Delegation -- --issuer http://127.0.0.1:5080 \
//       --api http://127.0.0.1:5081 --api-resource https://api.example.test \
//       --orchestrator-id agt_... --sub-agent-id agt_... \   # secrets from MANDATE_ORCHESTRATOR_SECRET, MANDATE_SUB_AGENT_SECRET
//       --person alice --idp-dir ./corp-idp --idp-issuer https://idp.corp.example
//
// Without --person, the orchestrator's own task is the subject (agent -> sub-agent -> API).
// Exit codes: 0 done; 1 a token request or the API call failed; 2 bad arguments.
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Mandate.Agent;
using Mandate.Samples.Delegation;
using Microsoft.Extensions.DependencyInjection;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(DelegationArguments.Usage.Replace("usage: ", "usage: Mandate.Samples.Delegation ", StringComparison.Ordinal));
    Console.WriteLine();
    Console.WriteLine("idp-init writes the sample corporate IdP's key pair into DIR (keep DIR outside the working tree, e.g. under $TMPDIR).");
    Console.WriteLine("The run exchanges tokens agent -> sub-agent (-> the person's token first, with --person) and calls the API.");
    Console.WriteLine("--server is the Mandate server (default $MANDATE_SERVER; --issuer is a deprecated alias).");
    Console.WriteLine("The secrets default to $MANDATE_ORCHESTRATOR_SECRET and $MANDATE_SUB_AGENT_SECRET (keep them off the command line).");
    Console.WriteLine("Exit codes: 0 done; 1 a token request or the API call failed; 2 bad arguments.");
    return 0;
}

if (args is ["idp-init", ..])
{
    var init = DelegationArguments.TryParsePairs(args, 1, ["--dir"], out var initError);
    if (init is null || !init.TryGetValue("--dir", out var directory))
    {
        Console.Error.WriteLine(init is null ? initError : "--dir is required. " + DelegationArguments.Usage);
        return 2;
    }

    Console.WriteLine("corp-idp public keys: " + CorporateIdp.Init(directory));
    return 0;
}

var arguments = DelegationArguments.TryParse(args, out var error);
if (arguments is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

long tokenRequests = 0;
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter.Name == "Mandate.Agent" && instrument.Name == "mandate.agent.token_requests")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref tokenRequests, value));
listener.Start();

// Two agents, two identities: each has its own container, token client and credentials, as two processes would.
var orchestratorServices = new ServiceCollection();
orchestratorServices.AddMandateTokenClient(o => (o.Issuer, o.ClientId, o.ClientSecret) = (arguments.Issuer, arguments.OrchestratorId, arguments.OrchestratorSecret));
await using var orchestratorProvider = orchestratorServices.BuildServiceProvider();

var subAgentServices = new ServiceCollection();
subAgentServices.AddMandateTokenClient(o => (o.Issuer, o.ClientId, o.ClientSecret) = (arguments.Issuer, arguments.SubAgentId, arguments.SubAgentSecret));
subAgentServices.AddHttpClient("api", c => c.BaseAddress = arguments.Api)
    .AddMandateTokenExchange(o => (o.Resource, o.Scope, o.UseOwnTokenAsActor, o.OwnTokenParameters) =
        (arguments.ApiResource, SubAgent.WorkScope, true, SubAgent.OwnToken(arguments.ApiResource)));
await using var subAgentProvider = subAgentServices.BuildServiceProvider();

var orchestrator = new Orchestrator(orchestratorProvider.GetRequiredService<MandateTokenClient>(), arguments.SubAgentId);
var subAgent = new SubAgent(
    subAgentProvider.GetRequiredService<MandateTokenClient>(),
    subAgentProvider.GetRequiredService<IHttpClientFactory>().CreateClient("api"),
    arguments.ApiResource);

try
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    var hops = new JsonArray();
    string? personToken = null;
    if (arguments.Person is { } person)
    {
        // The person signs in at the corporate IdP; the token is addressed to Mandate and lives two minutes.
        using var idp = CorporateIdp.Load(person.IdpDirectory, person.IdpIssuer);
        personToken = idp.SignIn(person.Name, arguments.Issuer.AbsoluteUri.TrimEnd('/'), TimeSpan.FromMinutes(2), TimeProvider.System);
        var hop0 = TokenClaims.Read(personToken);
        Console.WriteLine($"hop 0, corp-idp -> orchestrator ({person.Name} signed in): " + TokenClaims.Print(hop0));
        hops.Add(hop0);
    }

    var delegated = await orchestrator.DelegateAsync(personToken, timeout.Token);
    var hop1 = TokenClaims.Read(delegated.Value);
    Console.WriteLine("hop 1, orchestrator -> sub-agent: " + TokenClaims.Print(hop1));
    hops.Add(hop1);

    var exchanged = await subAgent.ExchangeAsync(delegated.Value, timeout.Token);
    var hop2 = TokenClaims.Read(exchanged.Value);
    Console.WriteLine("hop 2, sub-agent -> API (" + exchanged.IssuedTokenType + "): " + TokenClaims.Print(hop2));
    hops.Add(hop2);

    var answer = await subAgent.RunToolAsync(delegated.Value, timeout.Token);
    Console.WriteLine("API answered: " + TokenClaims.Print(answer));

    var refusal = await subAgent.TryWideningAsync(delegated.Value, timeout.Token);
    Console.WriteLine("sub-agent asking for tools:admin: " + refusal);

    var summary = new JsonObject
    {
        ["hops"] = hops,
        ["api"] = answer,
        ["widening"] = refusal,
        ["token_requests"] = Interlocked.Read(ref tokenRequests),
    };
    Console.WriteLine(TokenClaims.Print(summary));
    return 0;
}
catch (Exception ex) when (ex is MandateTokenException or HttpRequestException or OperationCanceledException or IOException or System.Security.Cryptography.CryptographicException)
{
    Console.Error.WriteLine("delegation failed: " + ex.Message);
    return 1;
}
