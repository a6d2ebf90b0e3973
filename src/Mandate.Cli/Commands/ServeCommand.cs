using System.CommandLine;
using Mandate.Cli.Admin;
using Mandate.Cli.Telemetry;
using Mandate.Server;
using Mandate.Server.Audit;
using Mandate.Server.AuthorizationDetails;
using Mandate.Server.Grants.RefreshToken;
using Mandate.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mandate.Cli.Commands;

/// <summary>
/// <c>mandate serve [--urls URL] [--issuer URL] [--data-dir DIR] [--audit-mode Durable|Off] [timing options]</c>: runs the authorization server on Kestrel
/// with SQLite storage in the data folder until cancelled (Ctrl-C), then stops cleanly and returns 0.
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
            Description = "Durable (default): a token is returned only after its audit record is committed. Off: no audit records at all (anomaly detection still runs), for benchmark comparisons only (logged as a warning).",
            DefaultValueFactory = _ => AuditMode.Durable,
        };
        var command = new Command("serve", "Run the Mandate authorization server.") { urls, issuer, dataDirectory, auditMode };
        var timing = new ServeTimingOptions();
        timing.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string listenUrl = parseResult.GetRequiredValue(urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? throw CliException.Usage("--urls must not be empty");
            CommonOptions.ParseUrl(listenUrl, "--urls");
            string issuerUrl = CommonOptions.ParseUrl(parseResult.GetValue(issuer) ?? listenUrl, "--issuer").ToString().TrimEnd('/');
            string dataPath = context.ResolvePath(parseResult.GetValue(dataDirectory) ?? CommonOptions.DefaultDataDirectory);

            await using WebApplication app = Build(context, listenUrl, issuerUrl, dataPath, parseResult.GetValue(auditMode), timing.Read(parseResult), out string? telemetry);
            await app.StartAsync(cancellationToken);

            context.Output.WriteLine($"Mandate is listening on {string.Join(", ", app.Urls)}");
            context.Output.WriteLine($"issuer:            {issuerUrl}");
            context.Output.WriteLine($"data directory:    {dataPath}");
            context.Output.WriteLine($"admin credentials: {Path.Combine(dataPath, AdminCredentials.FileName)} (keep private; used by 'mandate agent' and 'mandate key')");
            if (telemetry is not null)
            {
                context.Output.WriteLine($"telemetry:         {telemetry}");
            }

            context.Output.WriteLine("Press Ctrl+C to stop.");
            await context.Output.FlushAsync(CancellationToken.None);

            // Returns when cancelled (Ctrl-C) or when the host stops itself; both stop Kestrel gracefully.
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static WebApplication Build(CliContext context, string listenUrl, string issuer, string dataPath, AuditMode auditMode, Action<MandateServerOptions> timing, out string? telemetry)
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
        builder.Services.AddMandateServer(options =>
        {
            options.Issuer = issuer;
            options.DataDirectory = dataPath;
            // Audit settings (docs/audit.md) from appsettings.json or variables such as Mandate__Audit__Retention=30.00:00:00;
            // the mode comes from --audit-mode.
            Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(builder.Configuration.GetSection("Mandate:Audit"), options.Audit);
            options.Audit.Mode = auditMode;
            timing(options);
            if (!string.IsNullOrEmpty(keyEncryptionKey))
            {
                options.KeyEncryptionKey = keyEncryptionKey;
            }
        });
        builder.Services.AddMandateSqliteStorage(Path.Combine(dataPath, "mandate.db"));
        // Branch refresh: RFC 9396 types and refresh-token lifetimes from appsettings.json or Mandate__... variables.
        builder.Services.Configure<AuthorizationDetailsOptions>(builder.Configuration.GetSection("Mandate:AuthorizationDetails"));
        builder.Services.Configure<RefreshTokenOptions>(builder.Configuration.GetSection("Mandate:RefreshTokens"));

        // Anomaly rules, alert webhook and GeoIP file from appsettings.json or MANDATE__ANOMALY__... variables (docs/audit.md).
        builder.Services.AddOptions<Mandate.Server.Anomaly.AnomalyOptions>().Bind(builder.Configuration.GetSection("Mandate:Anomaly"));

        // Trusted issuers (docs/delegation.md): appsettings.json "Mandate:TrustedIssuers" or environment variables such as
        // Mandate__TrustedIssuers__AllowHttpJwksOnLoopback=true and Mandate__TrustedIssuers__IdJagAudiences__0=https://as.example.
        builder.Services.Configure<Mandate.Server.TrustedIssuers.TrustedIssuerOptions>(builder.Configuration.GetSection("Mandate:TrustedIssuers"));
        // Client ID Metadata Documents (docs/mcp.md): trust rules from "Mandate:ClientIdMetadataDocuments", e.g.
        // Mandate__ClientIdMetadataDocuments__Trust__0__UrlPrefix=https://agents.example.com/ (closed when none).
        builder.Services.Configure<Mandate.Server.ClientIdMetadata.ClientIdMetadataDocumentOptions>(builder.Configuration.GetSection("Mandate:ClientIdMetadataDocuments"));
        // OTLP export only when configured (docs/observability.md); otherwise no listener and no cost.
        OtlpTelemetry.AddEnvironment(builder.Configuration, context.GetEnvironmentVariable);
        telemetry = OtlpTelemetry.TryAdd(builder.Services, builder.Configuration);

        WebApplication app = builder.Build();
        app.MapMandateServer();
        return app;
    }
}
