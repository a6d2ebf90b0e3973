using System.Text.Json.Nodes;
using Mandate.Jose;
using Mandate.Jose.Jwk;

namespace Mandate.Cli.Commands;

/// <summary>Reads an agent's public key file for <c>--jwks</c>: a JWK Set, or a single JWK wrapped into one.</summary>
internal static class PublicJwksFile
{
    /// <summary>Reads and checks <paramref name="path"/>; throws a usage error for missing files, bad JSON or private keys.</summary>
    /// <returns>The JWK Set as a JSON object <c>{"keys":[...]}</c>, public members only.</returns>
    public static JsonObject Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.NotFound, $"--jwks: {path} not found");
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (JsonWebKeySet.TryParse(bytes, out JsonWebKeySet? set, out _) && set is { Keys.Count: > 0 })
        {
            return Check(set.Keys, path);
        }

        if (JsonWebKey.TryParse(bytes, out JsonWebKey? key, out JoseErrorCode error) && key is not null)
        {
            return Check([key], path);
        }

        throw CliException.Usage($"--jwks: {path} is neither a JWK Set nor a JWK ({error})");
    }

    private static JsonObject Check(IReadOnlyList<JsonWebKey> keys, string path)
    {
        if (keys.Any(k => k.HasPrivateKey))
        {
            // Only the public half is ever registered; refusing is safer than silently stripping.
            throw CliException.Usage($"--jwks: {path} contains a private key; register the public key only");
        }

        return new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => JsonNode.Parse(k.ToJson()))]) };
    }
}
