// Step 2 of the token endpoint: exactly one authentication method (RFC 6749 §2.3: the client MUST NOT
// use more than one), then the agent's lifecycle (suspended, decommissioned or expired agents fail with
// the same invalid_client as a wrong secret, so their state is not revealed).
using Mandate.Protocol;
using Mandate.Storage;
using Microsoft.Extensions.Primitives;

namespace Mandate.Server.ClientAuthentication;

internal sealed class ClientAuthenticationStep(IEnumerable<IClientAuthenticator> authenticators, TimeProvider timeProvider, Fapi2.Fapi2Profile fapi2)
{
    private readonly IClientAuthenticator[] _authenticators = [.. authenticators];

    /// <summary>The methods published in discovery: with the FAPI 2.0 profile on, private_key_jwt only (§5.3.2.1 item 6).</summary>
    public IReadOnlyList<string> Methods { get; } = fapi2.Enabled ? [ClientAuthenticationMethods.PrivateKeyJwt] : MethodNames(authenticators);

    public async ValueTask<(ClientAuthenticationResult Result, string? Method)> AuthenticateAsync(
        IReadOnlyDictionary<string, StringValues> parameters, string? authorization, CancellationToken cancellationToken)
    {
        var context = new ClientAuthenticationContext(parameters, authorization);
        IClientAuthenticator? chosen = null;
        foreach (var authenticator in _authenticators)
        {
            if (!authenticator.IsPresent(context))
            {
                continue;
            }

            if (chosen is not null)
            {
                return (ClientAuthenticationResult.Fail(ErrorDescriptions.MultipleAuthenticationMethods, context.Get(OAuthParameters.ClientId), "more than one client authentication method"), null);
            }

            chosen = authenticator;
        }

        if (chosen is null)
        {
            if (authorization is not null)
            {
                return (ClientAuthenticationResult.Fail(ErrorDescriptions.MalformedAuthorizationHeader, null, "unsupported Authorization scheme"), null);
            }

            return (ClientAuthenticationResult.Fail(ErrorDescriptions.NoClientAuthentication, context.Get(OAuthParameters.ClientId), "no client authentication"), null);
        }

        var result = await chosen.AuthenticateAsync(context, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return (result, chosen.Method);
        }

        var agent = result.Client;
        // FAPI 2.0 Security Profile §5.3.2.1 item 6: private_key_jwt only (admin-only agents are exempt, docs/fapi2.md).
        if (chosen.Method != ClientAuthenticationMethods.PrivateKeyJwt && fapi2.AppliesTo(agent))
        {
            return (ClientAuthenticationResult.Fail(Fapi2.Fapi2Profile.PrivateKeyJwtRequired, agent.ClientId, "FAPI 2.0 profile: " + chosen.Method + " refused"), chosen.Method);
        }

        // RFC 6749 §2.3.1 / RFC 7521 §4.2: a client_id parameter, when sent, must name the same client.
        if (context.Get(OAuthParameters.ClientId) is { } claimed && claimed != agent.ClientId)
        {
            return (ClientAuthenticationResult.Fail(ErrorDescriptions.ClientIdMismatch, claimed, "client_id parameter differs from the authenticated client"), chosen.Method);
        }

        if (agent.Status != AgentStatus.Active)
        {
            return (ClientAuthenticationResult.Fail(agent.ClientId, "agent is " + agent.Status), chosen.Method);
        }

        if (agent.ExpiresAt is { } expiresAt && expiresAt <= timeProvider.GetUtcNow())
        {
            return (ClientAuthenticationResult.Fail(agent.ClientId, "agent expired"), chosen.Method);
        }

        return (result, chosen.Method);
    }

    /// <summary>True for parameters that belong to client authentication, not to any grant.</summary>
    public static bool IsAuthenticationParameter(string name) =>
        name is OAuthParameters.ClientId or OAuthParameters.ClientSecret or OAuthParameters.ClientAssertion or OAuthParameters.ClientAssertionType;

    private static string[] MethodNames(IEnumerable<IClientAuthenticator> authenticators)
    {
        var names = new List<string>();
        foreach (var authenticator in authenticators)
        {
            names.Add(authenticator.Method);
        }

        return [.. names];
    }
}
