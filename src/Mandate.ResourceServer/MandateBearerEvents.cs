namespace Mandate.ResourceServer;

/// <summary>Callbacks raised by <see cref="MandateBearerHandler"/>. Each property defaults to a no-op;
/// override the virtual methods or assign the delegates.</summary>
public class MandateBearerEvents
{
    /// <summary>Raised after a token passed every check (also when it came from the validated-token cache).
    /// Call <c>context.Fail(...)</c> to reject it, for example after a revocation lookup.</summary>
    public Func<TokenValidatedContext, Task> OnTokenValidated { get; set; } = _ => Task.CompletedTask;

    /// <summary>Raised when a presented token or request was rejected; the reason is in the context.</summary>
    public Func<AuthenticationFailedContext, Task> OnAuthenticationFailed { get; set; } = _ => Task.CompletedTask;

    /// <summary>Raised before the 401/400 challenge is written. Call <c>HandleResponse()</c> to write your own.</summary>
    public Func<MandateBearerChallengeContext, Task> OnChallenge { get; set; } = _ => Task.CompletedTask;

    /// <summary>Raised before the 403 response is written.</summary>
    public Func<ForbiddenContext, Task> OnForbidden { get; set; } = _ => Task.CompletedTask;

    /// <summary>Invokes <see cref="OnTokenValidated"/>.</summary>
    public virtual Task TokenValidated(TokenValidatedContext context) => OnTokenValidated(context);

    /// <summary>Invokes <see cref="OnAuthenticationFailed"/>.</summary>
    public virtual Task AuthenticationFailed(AuthenticationFailedContext context) => OnAuthenticationFailed(context);

    /// <summary>Invokes <see cref="OnChallenge"/>.</summary>
    public virtual Task Challenge(MandateBearerChallengeContext context) => OnChallenge(context);

    /// <summary>Invokes <see cref="OnForbidden"/>.</summary>
    public virtual Task Forbidden(ForbiddenContext context) => OnForbidden(context);
}
