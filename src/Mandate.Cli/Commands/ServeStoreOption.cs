using System.CommandLine;
using Mandate.Storage.PostgreSql;
using Mandate.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate serve --store sqlite|postgres</c>: which storage provider the server uses. SQLite (the default) keeps
/// <c>mandate.db</c> in the data folder; PostgreSQL takes its connection string from the environment variable
/// <see cref="ConnectionVariable"/> or the configuration key <see cref="ConnectionKey"/>, never from the command line
/// (where every user of the machine could read its password).
/// </summary>
internal sealed class ServeStoreOption
{
    /// <summary>Environment variable with the PostgreSQL connection string.</summary>
    public const string ConnectionVariable = "MANDATE_POSTGRES_CONNECTION";

    /// <summary>Configuration key with the PostgreSQL connection string (appsettings.json or <c>Mandate__Store__PostgreSql__ConnectionString</c>).</summary>
    public const string ConnectionKey = "Mandate:Store:PostgreSql:ConnectionString";

    /// <summary>The configuration key of the SQLite lock-wait bound, a <c>TimeSpan</c> such as <c>00:00:05</c> (10 ms – 1 min).</summary>
    public const string SqliteBusyTimeoutKey = "Mandate:Store:Sqlite:BusyTimeout";

    private const string Sqlite = "sqlite";
    private const string Postgres = "postgres";

    private readonly Option<string> _option = new Option<string>("--store")
    {
        HelpName = "sqlite|postgres",
        Description = $"Storage: sqlite (default; mandate.db in the data folder, one machine) or postgres (several nodes on one " +
            $"database; connection string from {ConnectionVariable} or {ConnectionKey}).",
        DefaultValueFactory = _ => Sqlite,
    }.AcceptOnlyFromAmong(Sqlite, Postgres);

    /// <summary>Whether <c>--store postgres</c> was chosen.</summary>
    public bool IsPostgres(ParseResult parseResult) => parseResult.GetValue(_option) == Postgres;

    /// <summary>Adds the option to <paramref name="command"/>.</summary>
    public void AddTo(Command command) => command.Options.Add(_option);

    /// <summary>
    /// Registers the chosen store and returns the line start-up prints about it (the PostgreSQL password never
    /// appears in it).
    /// </summary>
    /// <exception cref="CliException"><c>--store postgres</c> without a connection string, or a malformed one.</exception>
    public string Register(ParseResult parseResult, CliContext context, IServiceCollection services, IConfiguration configuration, string dataPath)
    {
        if (parseResult.GetValue(_option) != Postgres)
        {
            var path = Path.Combine(dataPath, "mandate.db");
            services.AddMandateSqliteStorage(path, SqliteBusyTimeout(configuration));
            return "sqlite " + path;
        }

        var connectionString = context.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration[ConnectionKey];
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw CliException.Usage(
                $"MND0501: --store postgres needs a connection string in the environment variable {ConnectionVariable} or the configuration key {ConnectionKey}");
        }

        string description;
        try
        {
            description = PostgreSqlDatabase.Describe(connectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the string, password included; say only where to look.
            throw CliException.Usage($"MND0502: the PostgreSQL connection string in {ConnectionVariable} or {ConnectionKey} is malformed");
        }

        services.UsePostgreSql(connectionString);
        return description;
    }

    private static TimeSpan SqliteBusyTimeout(IConfiguration configuration)
    {
        var text = configuration[SqliteBusyTimeoutKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return SqliteDatabase.DefaultBusyTimeout;
        }

        if (!TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var timeout)
            || timeout < TimeSpan.FromMilliseconds(10) || timeout > TimeSpan.FromMinutes(1))
        {
            throw CliException.Usage($"MND3453: {SqliteBusyTimeoutKey} must be between 00:00:00.010 and 00:01:00, such as 00:00:05 (got '{text}')");
        }

        return timeout;
    }
}
