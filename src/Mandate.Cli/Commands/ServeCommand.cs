using System.CommandLine;
using Mandate.Admin;
using Mandate.Cli.Admin;
using Microsoft.Extensions.Configuration;
using Mandate.Cli.Serve;
using Mandate.Cli.Telemetry;
using Mandate.Server;
using Mandate.Server.Audit;
using Mandate.Server.SharedSignals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate serve [--urls URL] [--issuer URL] [--data-dir DIR] [--audit-mode Durable|Off] [--init] [--accept-issuer-change] [--store sqlite|postgres] [--profile fapi2] [timing options]</c>:
/// runs the authorization server on Kestrel with SQLite storage in the data folder (or PostgreSQL, <see cref="ServeStoreOption"/>) until cancelled (Ctrl-C), then
/// stops cleanly and returns 0. The data folder's rules are in <see cref="ServeDataFolder"/>.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Environment variable with the key-encryption key (base64url of 32 bytes).</summary>
    public const string KeyEncryptionKeyVariable = "MANDATE_KEY_ENCRYPTION_KEY";

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Address Kestrel listens on. Default: http://127.0.0.1:5080 (loopback only).",
            HelpName = "URL",
            DefaultValueFactory = _ => CommonOptions.DefaultServer,
        };
        var issuer = new Option<string?>("--issuer") { Description = "Issuer URL put in every token. Default: the --urls address.", HelpName = "URL" };
        var dataDirectory = CommonOptions.DataDirectory("Data folder: mandate.db, kek, admin-credentials.json. Default: ./.mandate.");
        var auditMode = new Option<AuditMode>("--audit-mode")
        {
            HelpName = "Durable|Off",
            Description = "Durable (default): a token is returned only after its audit record is committed. Off: no audit records at all (anomaly detection still runs), for benchmark comparisons only (logged as a warning).",
            DefaultValueFactory = _ => AuditMode.Durable,
        };
        var init = new Option<bool>("--init")
        {
            Description = "Create a new, empty store in a data folder that already holds files (a kek, admin-credentials.json) but no database. Without it a new store is created only in an empty or new folder.",
        };
        var acceptIssuerChange = new Option<bool>("--accept-issuer-change")
        {
            Description = "Run an existing data folder under another --issuer: the admin agents accept the new issuer's /admin audience, admin-credentials.json names it, and every key and agent is kept. Tokens issued under the previous issuer stop validating.",
        };
        var prometheus = new Option<bool>("--prometheus")
        {
            Description = "Serve Prometheus metrics at GET /metrics (OpenTelemetry's Prometheus exporter), beside any OTLP export. Also Mandate:Telemetry:Prometheus=true.",
        };
        var profile = new Option<string?>("--profile")
        {
            HelpName = "fapi2",
            Description = "fapi2: run the FAPI 2.0 Security Profile (private_key_jwt only, DPoP-bound tokens only, PS256/ES256 only; docs/fapi2.md). Also Mandate:Fapi2:Enabled=true.",
        };
        profile.AcceptOnlyFromAmong("fapi2");
        var command = new Command("serve", "Run the Mandate authorization server.") { urls, issuer, dataDirectory, auditMode, init, acceptIssuerChange, prometheus, profile };
        var timing = new ServeTimingOptions();
        timing.AddTo(command);
        var store = new ServeStoreOption();
        store.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string listenUrl = parseResult.GetRequiredValue(urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? throw CliException.Usage("--urls must not be empty");
            Uri listenUri = CommonOptions.ParseUrl(listenUrl, "--urls");
            string issuerUrl = CommonOptions.ParseUrl(parseResult.GetValue(issuer) ?? listenUrl, "--issuer").ToString().TrimEnd('/');
            string dataPath = context.ResolvePath(parseResult.GetValue(dataDirectory) ?? CommonOptions.DefaultDataDirectory);
            // The SQLite file's rules (a new store only in an empty folder, one server per folder) do not apply to a
            // PostgreSQL store, which several nodes share; the folder still records the issuer and holds the kek.
            string? database = store.IsPostgres(parseResult) ? null : Path.Combine(dataPath, DatabaseFileName);
            bool initStore = parseResult.GetValue(init);
            bool issuerChange = parseResult.GetValue(acceptIssuerChange);
            Action<MandateServerOptions> timingOptions = timing.Read(parseResult);

            // Nothing is written to the data folder until the listening address is held: a port that is taken
            // leaves no state behind, bound to an issuer nobody can reach.
            ServeDataFolder.Check(dataPath, database, issuerUrl, initStore, issuerChange);
            using ListenSockets sockets = ListenSockets.Bind(listenUri);
            using ServeDataFolder folder = ServeDataFolder.Open(dataPath, database, issuerUrl, initStore, issuerChange);

            Func<IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration, string> registerStore =
                (services, configuration) => store.Register(parseResult, context, services, configuration, dataPath);
            await using WebApplication app = Build(
                context, listenUrl, sockets, issuerUrl, dataPath, parseResult.GetValue(auditMode), timingOptions, registerStore, parseResult.GetValue(prometheus),
                parseResult.GetValue(profile) == "fapi2", out string storeDescription, out string? telemetry, out string? scraping, out string statusLists);
            await StartAsync(app, storeDescription, listenUri.Scheme == Uri.UriSchemeHttps, cancellationToken);

            context.Output.WriteLine($"Mandate is listening on {string.Join(", ", app.Urls)}");
            context.Output.WriteLine($"issuer:            {issuerUrl}");
            context.Output.WriteLine($"data directory:    {dataPath}");
            context.Output.WriteLine($"store:             {storeDescription}");
            context.Output.WriteLine($"status lists:      {statusLists}");
            if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Mandate.Server.Fapi2.Fapi2Options>>().Value.Enabled)
            {
                context.Output.WriteLine("profile:           FAPI 2.0 Security Profile (docs/fapi2.md)");
            }

            context.Output.WriteLine($"admin credentials: {Path.Combine(dataPath, AdminCredentials.FileName)} (keep private; used by 'mandate agent' and 'mandate key')");
            if (telemetry is not null)
            {
                context.Output.WriteLine($"telemetry:         {telemetry}");
            }

            if (scraping is not null)
            {
                context.Output.WriteLine($"metrics:           {scraping}");
            }

            context.Output.WriteLine("Press Ctrl+C to stop.");
            await context.Output.FlushAsync(CancellationToken.None);

            // Returns when cancelled (Ctrl-C) or when the host stops itself; both stop Kestrel gracefully.
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private const string DatabaseFileName = "mandate.db";



    // The store is opened (and migrated) while the host starts; a PostgreSQL that cannot be reached or was migrated
    // by a newer Mandate becomes one plain line, without the connection string.
    private static async Task StartAsync(WebApplication app, string storeDescription, bool https, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new CliException(ExitCodes.Unreachable, $"MND0503: cannot use the PostgreSQL store {storeDescription}: {ex.Message}");
        }
        catch (Mandate.Storage.PostgreSql.PostgreSqlSchemaVersionException ex)
        {
            throw new CliException(ExitCodes.Failure, ex.Message);
        }
        catch (Exception ex) when (https && ex is System.Security.Cryptography.CryptographicException or InvalidOperationException or IOException)
        {
            // Kestrel loads the certificate while it starts: a wrong password or a file that is not a certificate.
            throw HttpsCertificate.Unusable(ex);
        }
    }

    private static WebApplication Build(CliContext context, string listenUrl, ListenSockets sockets, string issuer, string dataPath, AuditMode auditMode, Action<MandateServerOptions> timing,
        Func<IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration, string> registerStore, bool prometheus,
        bool fapi2, out string storeDescription, out string? telemetry, out string? scraping, out string statusLists)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // No configuration reload: the options are read once at start, and a reload watcher on the content
            // root (the working directory, which holds the default data folder) would wake up on every
            // SQLite write, costing about 4 % of the server's CPU under load.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = context.WorkingDirectory,
        });
        builder.WebHost.UseUrls(listenUrl);
        builder.WebHost.UseSockets(o => o.CreateBoundListenSocket = sockets.Take);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(context.TimeProvider);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Mandate", LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // A failed start is reported once, as the CLI's one-line error; the host would also log its stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

        string? keyEncryptionKey = context.GetEnvironmentVariable(KeyEncryptionKeyVariable);
        // Every options class from mandate.json / appsettings.json or Mandate__... variables (docs/configuration.md),
        // registered first so that the flags below win. mandate.json goes first among the sources: appsettings.json,
        // then environment variables override it.
        var mandateJson = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(context.WorkingDirectory, "mandate.json"),
            Optional = true,
            ReloadOnChange = false,
        };
        mandateJson.ResolveFileProvider();
        builder.Configuration.Sources.Insert(0, mandateJson);
        ServeConfiguration.Bind(builder.Services, builder.Configuration);
        if (fapi2)
        {
            // --profile fapi2 wins over the configuration, like the other flags.
            builder.Services.Configure<Mandate.Server.Fapi2.Fapi2Options>(o => o.Enabled = true);
        }

        builder.Services.AddMandateServer(options =>
        {
            options.Issuer = issuer;
            options.DataDirectory = dataPath;
            // The audit mode comes from --audit-mode.
            options.Audit.Mode = auditMode;
            timing(options);
            if (!string.IsNullOrEmpty(keyEncryptionKey))
            {
                options.KeyEncryptionKey = keyEncryptionKey;
            }
        });
        builder.Services.AddMandateAdmin();
        statusLists = ServeStatusLists.Add(builder.Services, builder.Configuration, issuer);
        // The Shared Signals transmitter (docs/ssf.md): receivers register streams with an ssf:manage token.
        builder.Services.AddMandateSharedSignals();
        // The operator console (docs/console.md) is on unless Mandate:Console:Enabled is false.
        var console = builder.Configuration.GetValue("Mandate:Console:Enabled", true);
        if (console)
        {
            builder.Services.AddMandateConsole();
        }

        storeDescription = registerStore(builder.Services, builder.Configuration);
        // OTLP export only when configured (docs/observability.md); otherwise no listener and no cost.
        OtlpTelemetry.AddEnvironment(builder.Configuration, context.GetEnvironmentVariable);
        telemetry = OtlpTelemetry.TryAdd(builder.Services, builder.Configuration);
        HttpsCertificate.Check(new Uri(listenUrl), builder.Configuration);
        var forwardedHeaders = ForwardedHeadersSetup.Read(builder.Configuration);
        // Prometheus scraping only when asked for (--prometheus or Mandate:Telemetry:Prometheus).
        scraping = PrometheusTelemetry.IsEnabled(prometheus, builder.Configuration) ? PrometheusTelemetry.Add(builder.Services, listenUrl) : null;

        WebApplication app = builder.Build();
        ForwardedHeadersSetup.Use(app, forwardedHeaders);
        app.MapMandateServer();
        app.MapMandateAdmin();
        if (console)
        {
            app.MapMandateConsole();
        }

        if (scraping is not null)
        {
            PrometheusTelemetry.Map(app);
        }

        return app;
    }
}
