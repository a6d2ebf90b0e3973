// RFC 7591 §3.2.1 client information response, also the RFC 7592 §3 read and update response: the registered
// metadata, client_id, the secret when one was just issued (it is stored hashed, so it is shown once), and the
// RFC 7592 registration_access_token (new in every response) and registration_client_uri.
using System.Text.Json;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.Registration;

internal static class ClientInformationResponse
{
    public static async Task WriteAsync(HttpContext context, RegistrationOutcome outcome, string registrationClientUri)
    {
        var agent = outcome.Agent!;
        var metadata = outcome.Metadata!;
        var response = context.Response;
        response.StatusCode = outcome.StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        if (outcome.StatusCode == StatusCodes.Status201Created)
        {
            response.Headers.Location = registrationClientUri;
        }

        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("client_id", agent.Id);
        if (outcome.ClientSecret is { } secret)
        {
            writer.WriteString("client_secret", secret);
        }

        writer.WriteNumber("client_id_issued_at", agent.CreatedAt.ToUnixTimeSeconds());
        if (agent.SecretHash is not null)
        {
            // REQUIRED when a secret was issued: when it expires (the client's own expiry), 0 for never.
            writer.WriteNumber("client_secret_expires_at", agent.ExpiresAt?.ToUnixTimeSeconds() ?? 0);
        }

        writer.WriteString("registration_access_token", outcome.RegistrationAccessToken);
        writer.WriteString("registration_client_uri", registrationClientUri);
        writer.WriteString("client_name", agent.Name);
        WriteArray(writer, "grant_types", agent.AllowedGrantTypes);
        writer.WriteString("token_endpoint_auth_method", metadata.TokenEndpointAuthMethod);
        writer.WriteString("scope", string.Join(' ', agent.AllowedScopes));
        if (agent.Jwks is { } jwks)
        {
            writer.WritePropertyName("jwks");
            writer.WriteRawValue(jwks);
        }

        WriteOptional(writer, "software_id", metadata.SoftwareId);
        WriteOptional(writer, "software_version", metadata.SoftwareVersion);
        if (metadata.Contacts is { } contacts)
        {
            WriteArray(writer, "contacts", contacts);
        }

        // Mandate extensions: who answers for the client, and the APIs (RFC 8707 resources) it may get tokens for.
        writer.WriteString("owner", agent.Owner);
        WriteArray(writer, "audiences", agent.AllowedAudiences);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
