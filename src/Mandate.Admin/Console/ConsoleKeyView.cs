// HTML of the signing keys page: the next scheduled rotation, one row per key with its timeline (created,
// activated, retired, and when a pending key starts signing or a retired key leaves the JWKS, from the same
// MandateServerOptions the KeyRotationService schedule reads), and the rotate / emergency-revoke confirmations.
using System.Text;
using Mandate.Server;
using Mandate.Storage;

namespace Mandate.Admin.Console;

internal static class ConsoleKeyView
{
    public static bool Revocable(SigningKeyState state) => state is SigningKeyState.Pending or SigningKeyState.Active or SigningKeyState.Retired;

    public static string List(IReadOnlyList<SigningKeyRecord> keys, ConsoleSession session, MandateServerOptions options, DateTimeOffset now)
    {
        var body = new StringBuilder("<p id=\"next-rotation\">").Append(NextRotation(keys, options)).Append("</p>");
        if (session.May(ConsoleRole.Keys))
        {
            body.Append("<div class=\"actions\"><a href=\"/console/keys/confirm-rotate\">Rotate now…</a></div>");
        }

        if (keys.Count == 0)
        {
            return body.Append("<p class=\"muted\">No signing key yet: the server creates one when it starts. Restart it, or rotate to create one now.</p>").ToString();
        }

        body.Append("<table><thead><tr><th scope=\"col\">kid</th><th scope=\"col\">Algorithm</th><th scope=\"col\">State</th><th scope=\"col\">Created</th>")
            .Append("<th scope=\"col\">Activated</th><th scope=\"col\">Retired</th><th scope=\"col\">Next</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
        foreach (var key in keys.OrderBy(key => key.State switch { SigningKeyState.Active => 0, SigningKeyState.Pending => 1, SigningKeyState.Retired => 2, _ => 3 }).ThenByDescending(key => key.CreatedAt))
        {
            var state = key.State.ToString().ToLowerInvariant();
            body.Append("<tr id=\"k-").Append(ConsoleLayout.Encode(key.KeyId)).Append("\"><td><code>").Append(ConsoleLayout.Encode(key.KeyId)).Append("</code></td><td>")
                .Append(ConsoleLayout.Encode(key.Algorithm)).Append("</td><td>")
                .Append(key.State == SigningKeyState.Revoked ? "<strong class=\"danger\">revoked</strong>" : state).Append("</td><td>")
                .Append(ConsoleLayout.Time(key.CreatedAt)).Append("</td><td>").Append(When(key.ActivatedAt)).Append("</td><td>")
                .Append(When(key.RetiredAt)).Append("</td><td>").Append(Next(key, options, now)).Append("</td><td>");
            if (session.May(ConsoleRole.Keys) && Revocable(key.State))
            {
                body.Append("<a class=\"danger\" href=\"/console/keys/").Append(Uri.EscapeDataString(key.KeyId)).Append("/confirm-revoke\">Emergency revoke…</a>");
            }

            body.Append("</td></tr>");
        }

        return body.Append("</tbody></table>").ToString();
    }

    public static string ConfirmRotate(ConsoleSession session, MandateServerOptions options) =>
        "<p class=\"notice\">A new signing key is published in the JWKS now and starts signing after the propagation delay ("
        + ConsoleLayout.Encode(options.KeyPropagationDelay.ToString()) + "), when every resource server has seen it. The current key then retires; tokens it signed stay valid until they expire.</p>"
        + "<div class=\"actions\">" + PostButton(session, "/console/keys/rotate", "Rotate", "primary") + "<a href=\"/console/keys\">Cancel</a></div>";

    public static string ConfirmRevoke(ConsoleSession session, SigningKeyRecord key) =>
        "<p class=\"notice danger\">Emergency: the key <code>" + ConsoleLayout.Encode(key.KeyId) + "</code> (" + key.State.ToString().ToLowerInvariant()
        + ") leaves the JWKS at once and every token it signed is refused from now on; the revocation goes out on the revocation feed. Use this when the private key may have leaked.</p>"
        + "<div class=\"actions\">" + PostButton(session, "/console/keys/" + Uri.EscapeDataString(key.KeyId) + "/revoke", "Revoke key", "destructive")
        + "<a href=\"/console/keys\">Cancel</a></div>";

    private static string NextRotation(IReadOnlyList<SigningKeyRecord> keys, MandateServerOptions options)
    {
        if (keys.FirstOrDefault(key => key.State == SigningKeyState.Pending) is { } pending)
        {
            return "Rotation under way: the pending key starts signing at about " + ConsoleLayout.Time(pending.CreatedAt + options.KeyPropagationDelay) + ".";
        }

        if (options.KeyRotationInterval <= TimeSpan.Zero)
        {
            return "Automatic rotation is off (KeyRotationInterval is zero); rotate by hand.";
        }

        var active = keys.Where(key => key.State == SigningKeyState.Active).MaxBy(key => key.ActivatedAt ?? key.CreatedAt);
        return active is null
            ? "No active key."
            : "Next scheduled rotation: a new key is published at about " + ConsoleLayout.Time((active.ActivatedAt ?? active.CreatedAt) + options.KeyRotationInterval - options.KeyPropagationDelay)
              + " and starts signing at about " + ConsoleLayout.Time((active.ActivatedAt ?? active.CreatedAt) + options.KeyRotationInterval) + ".";
    }

    private static string Next(SigningKeyRecord key, MandateServerOptions options, DateTimeOffset now) => key.State switch
    {
        SigningKeyState.Pending => "signs from " + ConsoleLayout.Time(key.CreatedAt + options.KeyPropagationDelay),
        SigningKeyState.Retired when key.RetiredAt is { } retired => (retired + options.MaxAccessTokenLifetime + options.ClockSkew > now ? "leaves the JWKS at " : "left the JWKS at ")
            + ConsoleLayout.Time(retired + options.MaxAccessTokenLifetime + options.ClockSkew),
        _ => "",
    };

    private static string When(DateTimeOffset? time) => time is null ? "<span class=\"muted\">not yet</span>" : ConsoleLayout.Time(time);

    private static string PostButton(ConsoleSession session, string action, string label, string style) =>
        "<form class=\"inline\" method=\"post\" action=\"" + action + "\">" + ConsoleLayout.Antiforgery(session)
        + "<button class=\"" + style + "\" type=\"submit\">" + ConsoleLayout.Encode(label) + "</button></form>";
}
