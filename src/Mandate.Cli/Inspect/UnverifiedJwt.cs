// RFC 7515 §7.1 compact serialization, decoded for display only: nothing here is trusted or verified.
using System.Text.Json;
using Mandate.Cli.Http;
using Mandate.Jose;

namespace Mandate.Cli.Inspect;

/// <summary>The header and payload of a compact JWS, decoded without any verification.</summary>
/// <param name="Header">The protected header object.</param>
/// <param name="Payload">The payload object (the claims).</param>
internal sealed record UnverifiedJwt(JsonElement Header, JsonElement Payload)
{
    /// <summary>Decodes <paramref name="token"/>; throws <see cref="CliException"/> (exit 1) when it is not a JWT.</summary>
    public static UnverifiedJwt Decode(string token)
    {
        string[] parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new CliException(ExitCodes.Failure, $"not a JWT: expected 3 dot-separated parts, found {parts.Length}");
        }

        return new UnverifiedJwt(DecodeObject(parts[0], "header"), DecodeObject(parts[1], "payload"));
    }

    private static JsonElement DecodeObject(string part, string what)
    {
        if (!Base64Url.TryDecode(part, out byte[] bytes))
        {
            throw new CliException(ExitCodes.Failure, $"not a JWT: the {what} is not base64url");
        }

        // RFC 7515 §5.2 step 4 / RFC 7519 §7.2 step 10: UTF-8 JSON, whose strings are valid Unicode.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new CliException(ExitCodes.Failure, $"not a JWT: the {what} is not UTF-8");
        }

        JsonElement? json = JsonText.TryParse(bytes);
        if (json is not { ValueKind: JsonValueKind.Object } value)
        {
            throw new CliException(ExitCodes.Failure, $"not a JWT: the {what} is not a JSON object");
        }

        return Mandate.Protocol.JsonUnicode.HasOnlyValidStrings(value)
            ? value
            : throw new CliException(ExitCodes.Failure, $"not a JWT: the {what} has a string that is not valid Unicode (an escaped lone surrogate)");
    }
}
