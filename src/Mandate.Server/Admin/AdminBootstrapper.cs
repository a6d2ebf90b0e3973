// First start (no agent exists): create the admin agent "mandate-admin" (scope mandate:admin, audience
// "{issuer}/admin") and write {"client_id","client_secret","issuer"} to
// {DataDirectory}/admin-credentials.json with mode 0600. The path is logged, never the secret.
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Admin;

internal sealed class AdminBootstrapper(IAgentStore store, AgentService agents, IssuerUris uris, IOptions<MandateServerOptions> options, AdminIssuerChange issuerChange, ILogger<AdminBootstrapper> logger)
{
    internal const string AdminName = "mandate-admin";
    internal const string CredentialsFileName = "admin-credentials.json";
    internal const string BootstrapOwner = "bootstrap";

    /// <summary>
    /// Creates the admin agent when the store is empty and returns its credentials file path; otherwise follows a
    /// deliberate issuer change (<see cref="AdminIssuerChange"/>) and returns null.
    /// </summary>
    public async Task<string?> BootstrapAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.BootstrapAdmin)
        {
            return null;
        }

        if ((await store.ListAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            await issuerChange.ApplyAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        var outcome = await agents.CreateAsync(new AgentRegistration
        {
            Name = AdminName,
            Owner = BootstrapOwner,
            // The longest lifetime allowed (MaxAgentLifetime, 365 days by default): replace it with an admin agent owned
            // by a person before then (docs/cli.md, "Owner and expiry").
            ExpiresAt = DateTimeOffset.MaxValue,
            Scopes = [MandateScopes.Admin],
            DefaultScopes = [MandateScopes.Admin],
            Audiences = [uris.AdminAudience],
            // The operator's CLI authenticates with the secret file and sends no DPoP proof, so a server-wide
            // DPoP requirement (DpopOptions.DefaultRequirement) is not applied to the bootstrap admin.
            Dpop = Storage.DpopRequirement.Allowed,
        }, cancellationToken).ConfigureAwait(false);
        if (outcome.Agent is not { } agent || outcome.ClientSecret is not { } secret)
        {
            throw new InvalidOperationException("MND0857: the bootstrap admin agent could not be created: " + outcome.Error?.Description);
        }

        var directory = Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, CredentialsFileName);
        // A file left from an earlier store (for example an in-memory one) holds credentials that no longer work.
        File.Delete(path);
        var json = JsonSerializer.Serialize(new AdminCredentials { ClientId = agent.ClientId, ClientSecret = secret, Issuer = uris.Issuer }, AdminCredentialsJsonContext.Default.AdminCredentials);
        PrivateFile.WriteNew(path, json);
        Log.AdminBootstrapped(logger, agent.ClientId, path);
        return path;
    }
}
