// Encryption at rest of a push stream's authorization_header. The header must be sent with each push, so it cannot be
// hashed: it is sealed with the key-encryption key (KeyProtector, AES-256-GCM) with the stream id in the associated
// data, so a sealed header cannot be moved to another stream. Only the push delivery reveals it.
using System.Text;
using Mandate.Jose;
using Mandate.Server.Keys;

namespace Mandate.Server.SharedSignals;

internal sealed class StreamSecretProtector(KeyProtector protector)
{
    private const string Purpose = "ssf-stream-authorization-header:";

    /// <summary>The configuration to store: its plaintext header, if any, replaced by the sealed one.</summary>
    public StreamConfiguration Seal(StreamConfiguration configuration, string streamId) =>
        configuration.AuthorizationHeader is not { } header
            ? configuration
            : configuration with
            {
                AuthorizationHeader = null,
                ProtectedAuthorizationHeader = Base64Url.Encode(protector.Protect(Encoding.UTF8.GetBytes(header), Purpose + streamId)),
            };

    /// <summary>The header to send: the sealed one opened, or a plaintext one still stored by an earlier version.</summary>
    /// <returns>False when the sealed header does not open (another key-encryption key, or moved from another stream).</returns>
    public bool TryReveal(StreamConfiguration configuration, string streamId, out string? header)
    {
        header = configuration.AuthorizationHeader;
        if (configuration.ProtectedAuthorizationHeader is not { } sealedHeader)
        {
            return true;
        }

        if (!Base64Url.TryDecode(sealedHeader, out var blob) || !protector.TryUnprotect(blob, Purpose + streamId, out var plaintext))
        {
            header = null;
            return false;
        }

        header = Encoding.UTF8.GetString(plaintext);
        return true;
    }
}
