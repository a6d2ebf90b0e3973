using System.CommandLine;

namespace Mandate.Cli.Commands;

/// <summary><c>agent orphans</c> filter: <c>--reason expired|unused</c>, sent as the admin API's <c>reason</c> query parameter.</summary>
internal sealed class OrphanFilters : IListFilters
{
    private readonly Option<string?> _reason = new Option<string?>("--reason")
    {
        Description = "Only orphans for this reason: expired, or unused for the server's OrphanAfter.",
        HelpName = "expired|unused",
    }.AcceptOnlyFromAmong("expired", "unused");

    /// <inheritdoc />
    public void AddTo(Command command) => command.Add(_reason);

    /// <inheritdoc />
    public string Read(ParseResult parseResult) => parseResult.GetValue(_reason) is { } reason ? "?reason=" + reason : "";
}
