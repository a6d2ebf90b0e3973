namespace Mandate.Cli.Admin;

/// <summary>Where the admin API is and where the admin credentials live.</summary>
/// <param name="ServerUrl">
/// The server's base URL from <c>--server</c> or MANDATE_SERVER; null to use the issuer named in
/// admin-credentials.json, else http://127.0.0.1:5080.
/// </param>
/// <param name="DataDirectory">The data folder holding admin-credentials.json (<c>--data-dir</c>, default ./.mandate).</param>
internal sealed record AdminConnectionOptions(Uri? ServerUrl, string DataDirectory);
