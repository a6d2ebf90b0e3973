using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Jose;
using Mandate.Jose.Jwk;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate key import FILE [--activate] [--json]</c>: POST /admin/keys with a private JWK read from FILE.
/// Only the kid, algorithm and state are printed; private members never are.
/// </summary>
internal static class KeyImportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A private JWK (JSON) to import as a signing key." };
        var activate = new Option<bool>("--activate") { Description = "Make it the active signing key at once (otherwise it starts pending)." };
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command("import", "Import a private JWK as a signing key.") { file, activate, json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            JsonNode jwk = ReadPrivateJwk(context.ResolvePath(parseResult.GetRequiredValue(file)));
            var body = new JsonObject { ["jwk"] = jwk, ["activate"] = parseResult.GetValue(activate) };

            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement key = await client.PostAsync("admin/keys", body, cancellationToken);
            string? kid = JsonText.GetString(key, "kid");
            string? alg = JsonText.GetString(key, "alg");
            string? state = JsonText.GetString(key, "state");
            if (parseResult.GetValue(json))
            {
                // Echo only the public description, whatever else the server may have returned.
                var summary = new JsonObject { ["kid"] = kid, ["alg"] = alg, ["state"] = state };
                context.Output.WriteLine(JsonText.ToIndentedJson(summary));
            }
            else
            {
                context.Output.WriteLine($"Imported key {kid} ({alg}); state: {state}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonNode ReadPrivateJwk(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.NotFound, $"{path} not found");
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (!JsonWebKey.TryParse(bytes, out JsonWebKey? key, out JoseErrorCode error) || key is null)
        {
            throw CliException.Usage($"{path} is not a JWK ({error})");
        }

        if (!key.HasPrivateKey)
        {
            throw CliException.Usage($"{path} holds a public key; a signing key needs its private members");
        }

        // Send the file's members as written (the server parses them strictly itself).
        return JsonNode.Parse(bytes) ?? throw CliException.Usage($"{path} is not a JWK");
    }
}
