using System.CommandLine;
using Mandate.Cli.Http;
using Mandate.Cli.Inspect;
using Mandate.Jose.Jwt;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate token inspect TOKEN|- [--server URL] [--verify]</c>: decode the header and claims without trusting
/// them and explain each, and the token's key binding (<c>cnf</c>), offline; then, when a server is named (<c>--server</c>, <c>$MANDATE_SERVER</c>) or
/// <c>--verify</c> is given, verify against the server's JWKS. Exit 0 when valid (or decoded and not verified), 1 when invalid.
/// </summary>
internal static class TokenInspectCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var token = new Argument<string>("TOKEN") { Description = "The access token, or - to read it from standard input." };
        var issuer = ServerOption.Create($"{ServerOption.Default} with --verify; with neither, the token is only decoded, offline", issuerAlias: true);
        var verify = new Option<bool>("--verify") { Description = $"Verify the signature against the server's JWKS even when no server is named (then {ServerOption.Default})." };
        var command = new Command("inspect", "Decode and explain an access token offline; verify it when a server is named (exit 0 valid, 1 invalid).") { token, issuer, verify };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            Uri? named = ServerOption.ReadOrNull(parseResult, issuer, context);
            string value = await ReadTokenAsync(context, parseResult.GetRequiredValue(token), cancellationToken);

            UnverifiedJwt decoded = UnverifiedJwt.Decode(value);
            context.Output.WriteLine("Decoded without verification; the verdict follows.");
            ClaimExplainer.WriteHeader(context.Output, decoded.Header);
            ClaimExplainer.WriteClaims(context.Output, decoded.Payload, context.TimeProvider.GetUtcNow());
            if (DelegationPath.Describe(decoded.Payload) is { } path)
            {
                context.Output.WriteLine("delegation: " + path);
            }

            foreach (string line in ConfirmationExplainer.Describe(decoded.Payload))
            {
                context.Output.WriteLine(line);
            }

            if (named is null && !parseResult.GetValue(verify))
            {
                context.Output.WriteLine($"signature: not checked (offline; name the server with --server or {ServerOption.Variable}, or add --verify)");
                context.Output.WriteLine("verdict: decoded, not verified");
                return ExitCodes.Ok;
            }

            Uri issuerUrl = named ?? new Uri(ServerOption.Default);
            using HttpClient http = context.CreateHttpClient();
            JwtValidationResult result = await TokenVerifier.VerifyAsync(http, issuerUrl, value, context.TimeProvider, cancellationToken);
            if (!TokenVerifier.SignatureVerified(result))
            {
                context.Output.WriteLine($"signature: invalid ({TokenVerifier.Explain(result.Error)})");
                context.Output.WriteLine("verdict: INVALID");
                return ExitCodes.Failure;
            }

            string algorithm = result.Header.Alg;
            context.Output.WriteLine($"signature: valid (kid {result.KeyId ?? result.Header.Kid ?? "-"}, {algorithm})");
            if (!result.IsValid)
            {
                context.Output.WriteLine($"verdict: INVALID ({TokenVerifier.Explain(result.Error)})");
                return ExitCodes.Failure;
            }

            context.Output.WriteLine("verdict: valid (issuer, type, lifetime and required claims checked; audience is the API's to check)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> ReadTokenAsync(CliContext context, string argument, CancellationToken cancellationToken)
    {
        string value = argument == "-" ? await context.Input.ReadToEndAsync(cancellationToken) : argument;
        value = value.Trim();
        // Accept a pasted "Bearer <token>" or "DPoP <token>" header value as well.
        foreach (string scheme in (string[])["Bearer ", "DPoP "])
        {
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                value = value[scheme.Length..].Trim();
            }
        }

        return value.Length == 0 ? throw CliException.Usage("TOKEN is empty") : value;
    }
}
