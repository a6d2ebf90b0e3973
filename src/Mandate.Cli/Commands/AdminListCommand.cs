using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// The shape shared by the admin list commands (<c>agent list</c>, <c>agent orphans</c>, <c>key list</c>):
/// GET one admin path and every further page its next-page links name, one page at a time; with <c>--json</c> print
/// one JSON array of every element; otherwise print one table row per element of the array (a bare array, or one
/// wrapped in an object under the <c>envelope</c> property). Only the current page is held in memory.
/// </summary>
internal static class AdminListCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The CLI context.</param>
    /// <param name="name">The verb, e.g. <c>list</c>.</param>
    /// <param name="description">The help text.</param>
    /// <param name="path">The admin API path, e.g. <c>admin/keys</c>.</param>
    /// <param name="envelope">The property that may wrap the array, or null.</param>
    /// <param name="createTable">Creates the table with its header.</param>
    /// <param name="addRow">Adds one element as a row.</param>
    /// <param name="filters">Options added to the command and turned into the query string of the first request, or null.</param>
    public static Command Create(
        CliContext context, string name, string description, string path, string? envelope,
        Func<TableWriter> createTable, Action<TableWriter, JsonElement> addRow, IListFilters? filters = null)
    {
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command(name, description) { json };
        admin.AddTo(command);
        filters?.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string query = filters?.Read(parseResult) ?? "";
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            bool asJson = parseResult.GetValue(json);
            TableWriter table = createTable();
            var array = new JsonArrayWriter(context.Output);
            var first = true;
            await foreach (JsonElement page in client.GetPagesAsync(path + query, cancellationToken))
            {
                JsonElement items = envelope is not null && page.ValueKind == JsonValueKind.Object && page.TryGetProperty(envelope, out JsonElement inner)
                    ? inner
                    : page;
                if (asJson && page.ValueKind != JsonValueKind.Array && first)
                {
                    // Not a list: printed as the server sent it.
                    context.Output.WriteLine(JsonText.ToIndentedJson(page));
                    return ExitCodes.Ok;
                }

                if (items.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement item in items.EnumerateArray())
                    {
                        if (asJson)
                        {
                            array.Write(item);
                        }
                        else
                        {
                            addRow(table, item);
                        }
                    }
                }

                if (!asJson)
                {
                    table.WriteTo(context.Output, header: first);
                }

                first = false;
            }

            if (asJson)
            {
                array.End();
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
