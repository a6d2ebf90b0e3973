// RFC 6749 §5.1 successful response: JSON with access_token, token_type, expires_in, scope and the
// headers Cache-Control: no-store and Pragma: no-cache.
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Server.Tokens;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.Endpoints;

internal static class TokenResponseWriter
{
    public static async Task WriteAsync(HttpResponse response, TokenResponse token, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        Write(response.BodyWriter, token);
        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Write(System.IO.Pipelines.PipeWriter body, TokenResponse token)
    {
        using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteString(OAuthParameters.AccessToken, token.AccessToken);
        if (token.IssuedTokenType is not null)
        {
            // RFC 8693 §2.2.1: REQUIRED in a token exchange response.
            writer.WriteString(OAuthParameters.IssuedTokenType, token.IssuedTokenType);
        }

        writer.WriteString(OAuthParameters.TokenType, token.TokenType);
        writer.WriteNumber(OAuthParameters.ExpiresIn, token.ExpiresIn);
        if (token.Scope.Length > 0)
        {
            writer.WriteString(OAuthParameters.Scope, token.Scope);
        }

        if (token.AuthorizationDetails is not null)
        {
            // RFC 9396 §7: the token response echoes the granted authorization_details.
            writer.WritePropertyName(OAuthParameters.AuthorizationDetails);
            writer.WriteRawValue(token.AuthorizationDetails, skipInputValidation: true);
        }

        if (token.RefreshToken is not null)
        {
            writer.WriteString(OAuthParameters.RefreshToken, token.RefreshToken);
        }

        writer.WriteEndObject();
    }
}
