// A deliberate change of issuer (docs/cli.md, "Changing the issuer"): the data folder's
// admin-credentials.json names the issuer the bootstrap admin was created under. When the server now
// runs under another issuer, every agent that accepted the previous admin audience ("{old}/admin")
// accepts the new one instead, and the file is rewritten (mode 0600) with the new issuer. Keys, agents
// and secrets are kept. The CLI refuses an issuer change unless --accept-issuer-change is given.
using System.Text.Json;
using Mandate.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Admin;

internal sealed class AdminIssuerChange(IAgentStore store, IssuerUris uris, IOptions<MandateServerOptions> options, ILogger<AdminIssuerChange> logger)
{
    /// <summary>Re-points the admin agents when admin-credentials.json names another issuer; returns how many changed.</summary>
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), AdminBootstrapper.CredentialsFileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        AdminCredentials? credentials;
        try
        {
            credentials = JsonSerializer.Deserialize(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), AdminCredentialsJsonContext.Default.AdminCredentials);
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"MND0701: {path} is not valid JSON; restore it or remove it.");
        }

        if (credentials is null || new IssuerUris(credentials.Issuer).Issuer == uris.Issuer)
        {
            return 0;
        }

        var previousAudience = new IssuerUris(credentials.Issuer).AdminAudience;
        var changed = 0;
        foreach (var agent in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!agent.AllowedAudiences.Contains(previousAudience, StringComparer.Ordinal))
            {
                continue;
            }

            var audiences = agent.AllowedAudiences.Select(a => a == previousAudience ? uris.AdminAudience : a).Distinct(StringComparer.Ordinal).ToArray();
            if (!await store.UpdateAsync(agent with { AllowedAudiences = audiences }, agent.Version, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"MND0702: agent {agent.Id} changed while its admin audience was being re-pointed; start the server again.");
            }

            changed++;
        }

        var json = JsonSerializer.Serialize(new AdminCredentials { ClientId = credentials.ClientId, ClientSecret = credentials.ClientSecret, Issuer = uris.Issuer }, AdminCredentialsJsonContext.Default.AdminCredentials);
        var next = path + ".new";
        File.Delete(next);
        PrivateFile.WriteNew(next, json);
        File.Move(next, path, overwrite: true);
        Log.AdminIssuerChanged(logger, credentials.Issuer, uris.Issuer, changed, uris.AdminAudience, path);
        return changed;
    }
}
