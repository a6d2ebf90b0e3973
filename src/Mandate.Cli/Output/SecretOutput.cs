using System.Text.Json.Nodes;
using Mandate.Cli.Http;

namespace Mandate.Cli.Output;

/// <summary>Prints a freshly issued client secret exactly once, with a warning, or as <c>{"client_id","client_secret"}</c>.</summary>
internal static class SecretOutput
{
    /// <summary>The line that tells the operator the secret is shown only now.</summary>
    public const string StoreNowWarning = "Store this secret now: it is not shown again.";

    /// <summary>Writes the credentials of <paramref name="agent"/>.</summary>
    /// <param name="writer">Standard output.</param>
    /// <param name="agent">The agent returned by create or rotate-secret.</param>
    /// <param name="json">True for exactly <c>{"client_id": ..., "client_secret": ...}</c> (secret null for key-only agents).</param>
    /// <param name="headline">The first text line, e.g. <c>Created agent agt_... (name).</c>.</param>
    public static void Write(TextWriter writer, AgentView agent, bool json, string headline)
    {
        if (json)
        {
            var node = new JsonObject
            {
                ["client_id"] = agent.ClientId,
                ["client_secret"] = agent.ClientSecret,
            };
            writer.WriteLine(JsonText.ToIndentedJson(node));
            return;
        }

        writer.WriteLine(headline);
        writer.WriteLine($"client_id:     {agent.ClientId}");
        if (agent.ClientSecret is null)
        {
            writer.WriteLine("client_secret: (none: this agent authenticates with private_key_jwt)");
            return;
        }

        writer.WriteLine($"client_secret: {agent.ClientSecret}");
        writer.WriteLine(StoreNowWarning);
    }
}
