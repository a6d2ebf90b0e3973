using System.CommandLine;
using System.Globalization;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>agent list</c> filters: <c>--owner</c>, <c>--status</c> and <c>--page-size</c>, sent as the admin API's
/// <c>owner</c>, <c>status</c> and <c>limit</c> query parameters; the server validates them.
/// </summary>
internal sealed class AgentListFilters : IListFilters
{
    private readonly Option<string?> _owner = new("--owner") { Description = "Only agents with exactly this owner.", HelpName = "EMAIL" };

    private readonly Option<string?> _status = new Option<string?>("--status")
    {
        Description = "Only agents in this status.",
        HelpName = "active|suspended|decommissioned",
    }.AcceptOnlyFromAmong("active", "suspended", "decommissioned");

    private readonly Option<int?> _pageSize = new("--page-size")
    {
        Description = "Agents fetched per request (1 to 1000, default 1000); every page is listed.",
        HelpName = "N",
    };

    /// <inheritdoc />
    public void AddTo(Command command)
    {
        command.Add(_owner);
        command.Add(_status);
        command.Add(_pageSize);
    }

    /// <inheritdoc />
    public string Read(ParseResult parseResult)
    {
        var parameters = new List<string>();
        if (parseResult.GetValue(_owner) is { } owner)
        {
            parameters.Add("owner=" + Uri.EscapeDataString(owner));
        }

        if (parseResult.GetValue(_status) is { } status)
        {
            parameters.Add("status=" + status);
        }

        if (parseResult.GetValue(_pageSize) is { } size)
        {
            if (size is < 1 or > 1000)
            {
                throw new CliException(ExitCodes.Usage, "--page-size must be between 1 and 1000.");
            }

            parameters.Add("limit=" + size.ToString(CultureInfo.InvariantCulture));
        }

        return parameters.Count == 0 ? "" : "?" + string.Join('&', parameters);
    }
}
