using System.CommandLine;
using Mandate.Cli.Http;
using Mandate.Cli.Inspect;
using Mandate.Jose.Jwt;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate token inspect TOKEN|- [--issuer URL]</c>: decode the header and claims without trusting them,
/// explain each, then verify against the issuer's JWKS. Exit 0 when valid, 1 when invalid.
/// </summary>
internal static class TokenInspectCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var token = new Argument<string>("TOKEN") { Description = "The access token, or - to read it from standard input." };
        var issuer = IssuerOption.Create();
        var command = new Command("inspect", "Decode, explain and verify an access token (exit 0 valid, 1 invalid).") { token, issuer };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            Uri issuerUrl = IssuerOption.Read(parseResult, issuer, context);
            string value = await ReadTokenAsync(context, parseResult.GetRequiredValue(token), cancellationToken);

            UnverifiedJwt decoded = UnverifiedJwt.Decode(value);
            context.Output.WriteLine("Decoded without verification; the verdict follows.");
            ClaimExplainer.WriteHeader(context.Output, decoded.Header);
            ClaimExplainer.WriteClaims(context.Output, decoded.Payload, context.TimeProvider.GetUtcNow());
            if (DelegationPath.Describe(decoded.Payload) is { } path)
            {
                context.Output.WriteLine("delegation: " + path);
            }

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
        // Accept a pasted "Bearer <token>" header value as well.
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            value = value["Bearer ".Length..].Trim();
        }

        return value.Length == 0 ? throw CliException.Usage("TOKEN is empty") : value;
    }
}
