using System.Diagnostics.CodeAnalysis;
using Mandate.Protocol;

namespace Mandate.Server.Grants;

/// <summary>Either an <see cref="ApprovedGrant"/> or an <see cref="OAuthError"/>; never both.</summary>
public readonly struct GrantResult
{
    private GrantResult(ApprovedGrant? grant, OAuthError? error)
    {
        Grant = grant;
        Error = error;
    }

    /// <summary>The approval, or null when the request was refused.</summary>
    public ApprovedGrant? Grant { get; }

    /// <summary>The refusal, or null when the request was approved.</summary>
    public OAuthError? Error { get; }

    /// <summary>True when <see cref="Grant"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Grant))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsApproved => Grant is not null;

    /// <summary>Wraps an approval.</summary>
    public static implicit operator GrantResult(ApprovedGrant grant) => new(grant ?? throw new ArgumentNullException(nameof(grant)), null);

    /// <summary>Wraps a refusal.</summary>
    public static implicit operator GrantResult(OAuthError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
