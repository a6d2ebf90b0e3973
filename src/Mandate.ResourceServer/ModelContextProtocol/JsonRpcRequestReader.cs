// Reads the JSON-RPC 2.0 request(s) in an MCP POST body (MCP transports: streamable HTTP) to find what each asks
// for: the method and, for tools/call, params.name. Duplicate property names are refused, so the method or tool
// read here is the one the MCP server executes (a parser that keeps the last duplicate could otherwise run another).
using System.Text.Json;

namespace Mandate.ResourceServer.ModelContextProtocol;

internal static class JsonRpcRequestReader
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>The (method, tool) pairs of a body holding one message or a batch; null when the body is not JSON-RPC-shaped JSON.</summary>
    public static List<(string? Method, string? Tool)>? Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Strict);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var messages = new List<(string?, string?)>();
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    if (!TryRead(item, messages))
                    {
                        return null;
                    }
                }
            }
            else if (!TryRead(root, messages))
            {
                return null;
            }

            return messages;
        }
    }

    private static bool TryRead(JsonElement message, List<(string?, string?)> messages)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // Responses and notifications from the client carry no method, or one that needs no tool.
        string? method = null;
        if (message.TryGetProperty("method", out var m))
        {
            if (m.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            method = m.GetString();
        }

        string? tool = null;
        if (method == "tools/call")
        {
            if (!message.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object
                || !parameters.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            tool = name.GetString();
        }

        messages.Add((method, tool));
        return true;
    }
}
