// RFC 6749 §2.3.1 client_secret_basic: HTTP Basic (RFC 7617) where the client id and secret are first
// encoded with application/x-www-form-urlencoded, then joined with ':' and base64-encoded. We decode in
// that order, so ids or secrets containing ':' '%' or '+' round-trip.
using System.Buffers;
using Mandate.Protocol;
using Mandate.Server.Agents;
using Mandate.Server.Endpoints;

namespace Mandate.Server.ClientAuthentication;

internal sealed class ClientSecretBasicAuthenticator(AgentCache agents, ClientSecretHasher hasher) : IClientAuthenticator
{
    private const int MaxCredentialLength = 2048;

    public string Method => ClientAuthenticationMethods.ClientSecretBasic;

    public bool IsPresent(ClientAuthenticationContext context) =>
        context.Authorization is { } header && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);

    public async ValueTask<ClientAuthenticationResult> AuthenticateAsync(ClientAuthenticationContext context, CancellationToken cancellationToken)
    {
        if (!TryParse(context.Authorization!.AsSpan(6).Trim(), out var clientId, out var secret))
        {
            return ClientAuthenticationResult.Fail(null, "malformed Basic credentials");
        }

        var agent = await agents.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        return ClientSecretVerification.Verify(hasher, agent, clientId, secret);
    }

    internal static bool TryParse(ReadOnlySpan<char> encoded, out string clientId, out string secret)
    {
        clientId = secret = "";
        if (encoded.IsEmpty || encoded.Length > MaxCredentialLength)
        {
            return false;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(encoded.Length);
        var scratch = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            if (Convert.TryFromBase64Chars(encoded, bytes, out var length) is false)
            {
                return false;
            }

            var decoded = bytes.AsSpan(0, length);
            var colon = decoded.IndexOf((byte)':');
            return colon > 0
                && FormBody.TryDecode(decoded[..colon], scratch, out clientId)
                && FormBody.TryDecode(decoded[(colon + 1)..], scratch, out secret)
                && clientId.Length > 0 && secret.Length > 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes, clearArray: true);
            ArrayPool<byte>.Shared.Return(scratch, clearArray: true);
        }
    }
}
