// The policy form's fields as the operator typed them (so a refused form comes back as it was sent), their
// parsing into the admin API's shapes, and the form's HTML. Numbers and dates that do not parse are refused
// here (MND3900, MND3901); everything else is left to the admin API's validators.
using System.Globalization;
using System.Text;
using Mandate.Storage;
using Microsoft.AspNetCore.Http;

namespace Mandate.Admin.Console;

internal sealed record ConsolePolicyForm(
    string Scopes, string Audiences, string Lifetime, string ExpiresAt, string Hours, string TimeZone,
    string Cidrs, string HoursMode, string CidrsMode, string PerMinute, string PerDay)
{
    public const string NotANumber = "MND3900: token lifetime and request limits must be whole numbers (or empty for none).";
    public const string NotADate = "MND3901: expires must be a UTC date and time written yyyy-MM-dd HH:mm (or empty to keep it).";

    public static ConsolePolicyForm From(Agent agent, AgentMonitoringPolicy? policy) => new(
        string.Join(' ', agent.AllowedScopes),
        string.Join(' ', agent.AllowedAudiences),
        ((int)agent.TokenLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        agent.ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
        policy is { AllowedHoursStart: { } start, AllowedHoursEnd: { } end } ? string.Create(CultureInfo.InvariantCulture, $"{start:00}-{end:00}") : "",
        policy?.TimeZone ?? "",
        policy is null ? "" : string.Join(' ', policy.AllowedCidrs),
        MonitoringPolicyResponse.ModeName(policy?.HoursMode ?? PolicyRuleMode.Enforce),
        MonitoringPolicyResponse.ModeName(policy?.NetworksMode ?? PolicyRuleMode.Enforce),
        policy?.TokensPerMinute?.ToString(CultureInfo.InvariantCulture) ?? "",
        policy?.TokensPerDay?.ToString(CultureInfo.InvariantCulture) ?? "");

    public static ConsolePolicyForm Read(IFormCollection form) => new(
        Field(form, "scopes"), Field(form, "audiences"), Field(form, "token_lifetime_seconds"), Field(form, "expires_at"),
        Field(form, "allowed_hours"), Field(form, "time_zone"), Field(form, "allowed_cidrs"), Field(form, "allowed_hours_mode"),
        Field(form, "allowed_cidrs_mode"), Field(form, "tokens_per_minute"), Field(form, "tokens_per_day"));

    public static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Null when every number and date parses; else the error to show.</summary>
    public string? Parse(out int? lifetime, out DateTimeOffset? expiresAt, out MonitoringPolicyRequest monitoring)
    {
        monitoring = new MonitoringPolicyRequest
        {
            AllowedHours = Hours.Length == 0 ? null : Hours,
            TimeZone = TimeZone.Length == 0 ? null : TimeZone,
            AllowedCidrs = [.. Words(Cidrs)],
            AllowedHoursMode = HoursMode.Length == 0 ? null : HoursMode,
            AllowedCidrsMode = CidrsMode.Length == 0 ? null : CidrsMode,
        };
        expiresAt = null;
        if (!TryNumber(Lifetime, out lifetime) || !TryNumber(PerMinute, out var perMinute) || !TryNumber(PerDay, out var perDay))
        {
            return NotANumber;
        }

        monitoring.TokensPerMinute = perMinute;
        monitoring.TokensPerDay = perDay;
        if (ExpiresAt.Length > 0)
        {
            if (!DateTime.TryParseExact(ExpiresAt, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return NotADate;
            }

            expiresAt = new DateTimeOffset(parsed, TimeSpan.Zero);
        }

        return null;
    }

    public string Render(Agent agent, ConsoleSession session, string? error)
    {
        var html = new StringBuilder();
        if (error is not null)
        {
            html.Append("<p class=\"notice danger\" role=\"alert\" id=\"form-error\">").Append(ConsoleLayout.Encode(error)).Append("</p>");
        }

        return html.Append("<form method=\"post\" action=\"/console/agents/").Append(Uri.EscapeDataString(agent.Id)).Append("/policy\">").Append(ConsoleLayout.Antiforgery(session))
            .Append("<fieldset><legend>Tokens</legend>")
            .Append(Input("scopes", "Scopes", Scopes, "space-separated; tokens may carry only these"))
            .Append(Input("audiences", "Audiences", Audiences, "space-separated resource URIs the agent may get tokens for"))
            .Append(Input("token_lifetime_seconds", "Token lifetime (seconds)", Lifetime, "at most the server's maximum access-token lifetime"))
            .Append(Input("expires_at", "Agent expires (UTC)", ExpiresAt, "yyyy-MM-dd HH:mm; capped at the server's maximum agent lifetime"))
            .Append("</fieldset><fieldset><legend>When and where</legend>")
            .Append(Input("allowed_hours", "Allowed hours", Hours, "HH-HH, e.g. 08-18 (end exclusive); empty for any hour"))
            .Append(Input("time_zone", "Time zone of the hours", TimeZone, "IANA id, e.g. Europe/Paris; empty for UTC"))
            .Append(Select("allowed_hours_mode", "Outside the hours", HoursMode))
            .Append(Input("allowed_cidrs", "Allowed networks", Cidrs, "space-separated CIDR blocks, e.g. 10.0.0.0/8; empty for any network"))
            .Append(Select("allowed_cidrs_mode", "From another network", CidrsMode))
            .Append("</fieldset><fieldset><legend>Limits</legend>")
            .Append(Input("tokens_per_minute", "Token requests per minute", PerMinute, "empty for no limit"))
            .Append(Input("tokens_per_day", "Token requests per day", PerDay, "empty for no limit"))
            .Append("</fieldset><div class=\"actions\"><button class=\"primary\" type=\"submit\">Save policy</button><a href=\"/console/agents/")
            .Append(Uri.EscapeDataString(agent.Id)).Append("\">Cancel</a></div></form>").ToString();
    }

    private static bool TryNumber(string text, out int? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static string Field(IFormCollection form, string name) => form[name].ToString().Trim();

    private static string Input(string name, string label, string value, string hint) =>
        $"<label for=\"{name}\">{ConsoleLayout.Encode(label)}</label><input type=\"text\" id=\"{name}\" name=\"{name}\" value=\"{ConsoleLayout.Encode(value)}\" aria-describedby=\"{name}-hint\">"
        + $"<div id=\"{name}-hint\" class=\"muted\">{ConsoleLayout.Encode(hint)}</div>";

    private static string Select(string name, string label, string value) =>
        $"<label for=\"{name}\">{ConsoleLayout.Encode(label)}</label><select id=\"{name}\" name=\"{name}\">"
        + $"<option value=\"enforce\"{(value == "alert" ? "" : " selected")}>refuse the token request</option>"
        + $"<option value=\"alert\"{(value == "alert" ? " selected" : "")}>issue the token and raise an alert</option></select>";
}
