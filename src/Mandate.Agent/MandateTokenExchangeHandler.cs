// RFC 8693 on the way out: a request that carries a subject token (set with SetSubjectToken, typically the
// incoming request's bearer token) is sent with "Authorization: Bearer <exchanged token>" (RFC 6750 §2.1).
// The exchanged token comes from MandateTokenClient.ExchangeAsync, so it is cached and shared like any other.
using System.Net.Http.Headers;

namespace Mandate.Agent;

/// <summary>
/// A <see cref="DelegatingHandler"/> that exchanges the subject token attached to each request (see
/// <see cref="SetSubjectToken"/>) for a token for the downstream API, and sends the request with it.
/// </summary>
public sealed class MandateTokenExchangeHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<string> SubjectTokenKey = new("Mandate.Agent.SubjectToken");

    private readonly MandateTokenClient client;
    private readonly TokenExchangeRequest exchange;

    /// <summary>Creates the handler. Register it with
    /// <see cref="MandateAgentServiceCollectionExtensions.AddMandateTokenExchange"/> rather than directly.</summary>
    /// <exception cref="ArgumentException">The options name both a resource and an audience, or a relative resource.</exception>
    public MandateTokenExchangeHandler(MandateTokenClient client, MandateTokenExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        exchange = options.ToRequest();
        exchange.Validate();
    }

    /// <summary>Attaches the token to exchange (RFC 8693 <c>subject_token</c>) to <paramref name="request"/>.</summary>
    public static void SetSubjectToken(HttpRequestMessage request, string subjectToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(subjectToken);
        request.Options.Set(SubjectTokenKey, subjectToken);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The request carries no subject token.</exception>
    /// <exception cref="MandateTokenException">The exchange was refused or the server was unreachable.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(SubjectTokenKey, out var subjectToken))
        {
            throw new InvalidOperationException("The request has no subject token; call MandateTokenExchangeHandler.SetSubjectToken first.");
        }

        var token = await client.ExchangeAsync(subjectToken, exchange, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
