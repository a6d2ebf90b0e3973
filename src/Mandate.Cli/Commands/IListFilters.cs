using System.CommandLine;

namespace Mandate.Cli.Commands;

/// <summary>The filter options of one admin list command, turned into the query string of its first request.</summary>
internal interface IListFilters
{
    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    void AddTo(Command command);

    /// <summary>The query string (with its leading <c>?</c>, escaped) for the options given, or empty.</summary>
    string Read(ParseResult parseResult);
}
