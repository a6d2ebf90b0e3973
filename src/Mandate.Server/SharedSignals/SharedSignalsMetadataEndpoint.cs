// SSF 1.0 §7.1: transmitter configuration metadata at /.well-known/ssf-configuration (§7.2; with the issuer's path
// appended for an issuer that has one). Mandate supports no per-stream subject management, so it names no
// add_subject_endpoint or remove_subject_endpoint, and default_subjects is ALL: each stream receives the events of
// every subject.
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Mandate.Server.SharedSignals;

internal sealed class SharedSignalsMetadataEndpoint(IssuerUris issuer, SharedSignalsUris uris)
{
    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "public, max-age=3600";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("spec_version", "1_0");
            writer.WriteString("issuer", issuer.Issuer);
            writer.WriteString("jwks_uri", issuer.JwksUri);
            writer.WriteStartArray("delivery_methods_supported");
            writer.WriteStringValue(SharedSignalsNames.PushMethod);
            writer.WriteStringValue(SharedSignalsNames.PollMethod);
            writer.WriteEndArray();
            writer.WriteString("configuration_endpoint", uris.Streams);
            writer.WriteString("status_endpoint", uris.Status);
            writer.WriteString("verification_endpoint", uris.Verify);
            writer.WriteStartArray("authorization_schemes");
            writer.WriteStartObject();
            writer.WriteString("spec_urn", "urn:ietf:rfc:6749");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteString("default_subjects", "ALL");
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
