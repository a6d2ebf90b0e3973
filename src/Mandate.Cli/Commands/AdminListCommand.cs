using System.CommandLine;
using System.Text.Json;
using Mandate.Cli.Admin;
using Mandate.Cli.Http;
using Mandate.Cli.Output;

namespace Mandate.Cli.Commands;

/// <summary>
/// The shape shared by the admin list commands (<c>agent list</c>, <c>agent orphans</c>, <c>key list</c>):
/// GET one admin path (following its next-page links); with <c>--json</c> print the server's JSON as is; otherwise print one table row per
/// element of the array (a bare array, or one wrapped in an object under the <c>envelope</c> property).
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
    public static Command Create(
        CliContext context, string name, string description, string path, string? envelope,
        Func<TableWriter> createTable, Action<TableWriter, JsonElement> addRow)
    {
        var json = CommonOptions.Json();
        var admin = new CommonOptions.Admin();
        var command = new Command(name, description) { json };
        admin.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using AdminApiClient client = await AdminApiClient.ConnectAsync(context, admin.Read(parseResult, context), cancellationToken);
            JsonElement result = await client.GetAllPagesAsync(path, cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonText.ToIndentedJson(result));
                return ExitCodes.Ok;
            }

            JsonElement items = envelope is not null && result.ValueKind == JsonValueKind.Object && result.TryGetProperty(envelope, out JsonElement inner)
                ? inner
                : result;
            TableWriter table = createTable();
            if (items.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in items.EnumerateArray())
                {
                    addRow(table, item);
                }
            }

            table.WriteTo(context.Output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
