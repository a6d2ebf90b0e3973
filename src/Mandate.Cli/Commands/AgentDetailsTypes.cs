using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;

namespace Mandate.Cli.Commands;

/// <summary>Shared plumbing of <c>mandate agent details</c>: read, change and write the agent's type list, and print it.</summary>
internal static class AgentDetailsTypes
{
    /// <summary>The admin path of the agent's types.</summary>
    public static string Path(string agentId) => AdminCommandRunner.AgentPath(agentId, "authorization-details-types");

    /// <summary>GETs the list, lets <paramref name="change"/> edit it (a JSON array of type objects), PUTs it back and
    /// returns the stored document; null, without a PUT, when <paramref name="change"/> returns false.</summary>
    public static async Task<JsonElement?> ChangeAsync(AdminApiClient client, string agentId, Func<JsonArray, bool> change, CancellationToken cancellationToken)
    {
        JsonElement current = await client.GetAsync(Path(agentId), cancellationToken);
        var types = current.TryGetProperty("types", out var list) ? JsonNode.Parse(list.GetRawText())!.AsArray() : [];
        return change(types) ? await client.PutAsync(Path(agentId), new JsonObject { ["types"] = types }, cancellationToken) : null;
    }

    /// <summary>Removes the entry of <paramref name="type"/>; true when there was one.</summary>
    public static bool Remove(JsonArray types, string type)
    {
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i]?["type"]?.GetValue<string>() == type)
            {
                types.RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes one line per type: <c>TYPE  fields: a, b  allowed: field=v1|v2</c>, or a note when there are none.</summary>
    public static void Write(TextWriter output, JsonElement document, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonText.ToIndentedJson(document));
            return;
        }

        var types = document.TryGetProperty("types", out var list) ? list.EnumerateArray().ToList() : [];
        if (types.Count == 0)
        {
            output.WriteLine("No authorization_details types are registered.");
            return;
        }

        foreach (var type in types)
        {
            var line = $"{JsonText.GetString(type, "type")}  fields: {string.Join(", ", type.GetProperty("fields").EnumerateArray().Select(f => f.GetString()))}";
            if (type.TryGetProperty("allowed_values", out var allowed) && allowed.ValueKind == JsonValueKind.Object)
            {
                line += "  allowed: " + string.Join("; ", allowed.EnumerateObject().Select(p => p.Name + "=" + string.Join("|", p.Value.EnumerateArray().Select(v => v.GetString()))));
            }

            output.WriteLine(line);
        }
    }
}
