// RFC 7523 §2.2 and §3 (client authentication with a JWT), RFC 7521 §4.2 (client_assertion and
// client_assertion_type). Claims: iss = sub = client_id, aud = the token endpoint URL, jti = 128
// random bits (base64url), iat = now, exp = now + 60 s. A fresh assertion is signed for every HTTP
// attempt, so a retried request never replays a jti. Deviation: client_id is not sent in the body
// (RFC 7521 §4.2 makes it optional; the assertion's sub identifies the client).
using System.Security.Cryptography;
using System.Text.Json;
using Mandate.Jose;
using Mandate.Jose.Jwk;
using Mandate.Jose.Jws;
using Mandate.Protocol;

namespace Mandate.Agent;

internal sealed class PrivateKeyJwtAuthentication : IClientAuthentication
{
    /// <summary>Lifetime of each assertion.</summary>
    internal static readonly TimeSpan AssertionLifetime = TimeSpan.FromSeconds(60);

    private readonly string clientId;
    private readonly SigningKey key;
    private readonly TimeProvider time;

    private PrivateKeyJwtAuthentication(string clientId, SigningKey key, TimeProvider time)
    {
        this.clientId = clientId;
        this.key = key;
        this.time = time;
    }

    /// <summary>Loads the private JWK from <see cref="MandateTokenClientOptions.PrivateKeyJwk"/> or
    /// <see cref="MandateTokenClientOptions.PrivateKeyFile"/>.</summary>
    /// <exception cref="InvalidOperationException">The key is missing, unreadable or not a private signing
    /// JWK. The message never quotes key material.</exception>
    public static PrivateKeyJwtAuthentication Create(MandateTokenClientOptions options, TimeProvider time)
    {
        byte[] json;
        try
        {
            json = options.PrivateKeyJwk is { } inline
                ? System.Text.Encoding.UTF8.GetBytes(inline)
                : File.ReadAllBytes(options.PrivateKeyFile ?? throw new InvalidOperationException("No client credential is configured."));
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException("The private key file of the agent cannot be read.", ex);
        }

        if (!JsonWebKey.TryParse(json, out var jwk, out var error))
        {
            throw new InvalidOperationException($"The private key of the agent is not a valid JWK ({error}).");
        }

        try
        {
            return new PrivateKeyJwtAuthentication(options.ClientId!, SigningKey.FromJwk(jwk), time);
        }
        catch (ArgumentException ex)
        {
            // Jose's messages describe the problem, never the key members.
            throw new InvalidOperationException("The private key of the agent cannot sign: " + ex.Message, ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }

    public void Apply(HttpRequestMessage request, List<KeyValuePair<string, string>> form, Uri tokenEndpoint)
    {
        form.Add(new(OAuthParameters.ClientAssertionType, ClientAssertionTypes.JwtBearer));
        form.Add(new(OAuthParameters.ClientAssertion, CreateAssertion(tokenEndpoint)));
    }

    internal string CreateAssertion(Uri tokenEndpoint)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        Span<byte> jti = stackalloc byte[16];
        RandomNumberGenerator.Fill(jti);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(JwtClaimNames.Issuer, clientId);
            writer.WriteString(JwtClaimNames.Subject, clientId);
            writer.WriteString(JwtClaimNames.Audience, tokenEndpoint.AbsoluteUri);
            writer.WriteString(JwtClaimNames.JwtId, Base64Url.Encode(jti));
            writer.WriteNumber(JwtClaimNames.IssuedAt, now);
            writer.WriteNumber(JwtClaimNames.ExpirationTime, now + (long)AssertionLifetime.TotalSeconds);
            writer.WriteEndObject();
        }

        return JwsWriter.CreateCompact(key, null, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public override string ToString() => "private_key_jwt";
}
