// RFC 9493 subject identifiers, as the sub_id claim of a SET (SSF 1.0 §4.1). Mandate uses two formats:
// iss_sub (§3.2.5) for an agent (iss = this server, sub = the agent id, which is also its client_id), and
// opaque (§3.2.4) for a token (its jti), a signing key (its kid) and a stream (its stream_id).
using System.Text.Json;

namespace Mandate.Server.SharedSignals;

internal sealed record SubjectIdentifier(string Format, string? Id, string? Issuer = null, string? Subject = null)
{
    public static SubjectIdentifier Opaque(string id) => new("opaque", id);

    public static SubjectIdentifier IssuerSubject(string issuer, string subject) => new("iss_sub", null, issuer, subject);

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("sub_id");
        writer.WriteString("format", Format);
        if (Id is not null)
        {
            writer.WriteString("id", Id);
        }

        if (Issuer is not null)
        {
            writer.WriteString("iss", Issuer);
            writer.WriteString("sub", Subject);
        }

        writer.WriteEndObject();
    }
}
