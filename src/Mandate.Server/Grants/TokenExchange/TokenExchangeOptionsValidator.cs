using Mandate.Protocol;
using Microsoft.Extensions.Options;

namespace Mandate.Server.Grants.TokenExchange;

/// <summary>Start-up validation of <see cref="TokenExchangeOptions"/>: depth limits in range, no empty ids.</summary>
internal sealed class TokenExchangeOptionsValidator : IValidateOptions<TokenExchangeOptions>
{
    private const int MaxDepth = ActorChain.MaxDepth;

    public ValidateOptionsResult Validate(string? name, TokenExchangeOptions options)
    {
        var failures = new List<string>();
        if (options.MaxDelegationDepth is < 1 or > MaxDepth)
        {
            failures.Add($"MND0030: TokenExchange:MaxDelegationDepth must be between 1 and {MaxDepth}.");
        }

        foreach (var (subject, policy) in options.Policies)
        {
            if (string.IsNullOrEmpty(subject) || policy is null)
            {
                failures.Add("MND0031: TokenExchange:Policies needs a non-empty subject and a policy.");
                continue;
            }

            if (policy.MaxDelegationDepth is < 1 or > MaxDepth)
            {
                failures.Add($"MND0032: TokenExchange:Policies:{subject}:MaxDelegationDepth must be between 1 and {MaxDepth}.");
            }

            if ((policy.AllowedActors?.Any(string.IsNullOrEmpty) ?? false) || policy.Impersonators.Any(string.IsNullOrEmpty))
            {
                failures.Add($"MND0033: TokenExchange:Policies:{subject} lists an empty client id.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
