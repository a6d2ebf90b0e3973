// The sign-in scheme the OpenIdConnect handler is pointed at. The console never signs into it (ConsoleOidcEvents ends
// every callback with the console's own session), so it authenticates nobody and refuses to sign anyone in. It exists
// so that the OpenIdConnect scheme is not the only, and therefore default, scheme of the host: a remote handler whose
// sign-in scheme resolves to itself would call itself forever.
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Mandate.Admin.Console;

internal sealed class ConsoleOidcTicketHandler : IAuthenticationSignInHandler
{
    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context) => Task.CompletedTask;

    public Task<AuthenticateResult> AuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    public Task ChallengeAsync(AuthenticationProperties? properties) => throw Unused();

    public Task ForbidAsync(AuthenticationProperties? properties) => throw Unused();

    public Task SignInAsync(System.Security.Claims.ClaimsPrincipal user, AuthenticationProperties? properties) => throw Unused();

    public Task SignOutAsync(AuthenticationProperties? properties) => throw Unused();

    private static InvalidOperationException Unused() =>
        new("The console's OpenID Connect sign-in scheme is not for signing in: the console issues its own session.");
}
