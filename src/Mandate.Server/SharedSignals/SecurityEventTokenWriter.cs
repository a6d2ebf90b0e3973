// RFC 8417 Security Event Tokens as SSF 1.0 §4 profiles them: header typ "secevent+jwt" (§2.3), claims iss, iat,
// jti, aud (the stream's audience), txn, sub_id (RFC 9493, SSF §4.1) and events holding exactly one event (SSF §4.2),
// whose object carries event_timestamp (CAEP 1.0 §2). No exp and no sub (RFC 8417 §2.2). Signed with the server's
// active key: receivers verify it against /jwks, and the key fixes the algorithm.
using System.Buffers;
using System.Text.Json;
using Mandate.Jose.Jws;
using Mandate.Protocol;
using Mandate.Server.Keys;

namespace Mandate.Server.SharedSignals;

internal sealed class SecurityEventTokenWriter(SigningKeyRing keys, IssuerUris issuer, TimeProvider timeProvider)
{
    /// <summary>The signed SET of <paramref name="securityEvent"/> for a stream whose audience is <paramref name="audience"/>.</summary>
    public string Write(SecurityEvent securityEvent, string audience, string eventId)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(JwtClaimNames.Issuer, issuer.Issuer);
            json.WriteNumber(JwtClaimNames.IssuedAt, timeProvider.GetUtcNow().ToUnixTimeSeconds());
            json.WriteString(JwtClaimNames.JwtId, eventId);
            json.WriteString(JwtClaimNames.Audience, audience);
            json.WriteString("txn", securityEvent.Transaction);
            securityEvent.Subject.Write(json);
            json.WriteStartObject("events");
            json.WriteStartObject(securityEvent.Type);
            json.WriteNumber("event_timestamp", securityEvent.OccurredAt.ToUnixTimeSeconds());
            securityEvent.WriteMembers(json);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return JwsWriter.CreateCompact(keys.ActiveKey, SharedSignalsNames.SetType, buffer.WrittenSpan);
    }
}
