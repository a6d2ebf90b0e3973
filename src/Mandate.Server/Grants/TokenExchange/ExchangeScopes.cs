// Scope of an exchanged token: requested ∩ subject_token scope ∩ the client's allowed scopes. A request for
// anything outside that intersection is refused (RFC 6749 §5.2 invalid_scope), never silently narrowed, so
// privileges can only shrink along a chain.
using Mandate.Protocol;

namespace Mandate.Server.Grants.TokenExchange;

internal static class ExchangeScopes
{
    /// <summary>The granted scopes, or null with <paramref name="error"/> set.</summary>
    /// <param name="requested">The <c>scope</c> parameter; null or absent means "all of the intersection".</param>
    /// <param name="subjectScope">The subject token's <c>scope</c> claim.</param>
    /// <param name="allowed">The client's allowed scopes.</param>
    /// <param name="error">The refusal.</param>
    public static IReadOnlyList<string>? Resolve(string? requested, string? subjectScope, IReadOnlyList<string> allowed, out OAuthError? error)
    {
        error = null;
        if (!ScopeSet.TryParse(subjectScope ?? "", out var held))
        {
            // Our issuer never writes a malformed scope; treat it as holding nothing.
            held = [];
        }

        if (requested is null)
        {
            var common = new List<string>(held.Count);
            foreach (var scope in held)
            {
                if (Contains(allowed, scope))
                {
                    common.Add(scope);
                }
            }

            if (common.Count == 0)
            {
                error = TokenExchangeErrors.NoCommonScope;
                return null;
            }

            return common;
        }

        if (!ScopeSet.TryParse(requested, out var scopes) || scopes.Count == 0)
        {
            error = ErrorDescriptions.MalformedScope;
            return null;
        }

        foreach (var scope in scopes)
        {
            if (!Contains(held, scope) || !Contains(allowed, scope))
            {
                error = TokenExchangeErrors.ScopeNotInSubject;
                return null;
            }
        }

        return scopes;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
