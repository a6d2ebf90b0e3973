using System.Text.Json;
using Mandate.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Mandate.EndToEnd.Tests;

/// <summary>Operator mistakes end in one line on stderr and the exit code docs/cli.md gives, never a stack trace.</summary>
[Collection(E2ECollection.Name)]
public sealed class OperatorErrorTests(ITestOutputHelper output)
{
    [Fact(DisplayName = "Operator errors: unknown agent exits 5, unreachable server exits 3, wrong admin credentials exit 4; one stderr line, no stack trace")]
    public async Task ErrorsHaveDocumentedExitCodes()
    {
        await using MandateServer server = await MandateServer.StartAsync(output.WriteLine);

        CommandResult notFound = await server.AdminAsync("agent", "show", "agt_doesnotexist");
        CliAssert.FailedWithOneLine(notFound, ExitCode.NotFound);

        // Port 1 on loopback: nothing listens, the connection is refused at once. The data folder is the
        // real one, so the credentials are found and the failure is the server's absence.
        CommandResult unreachable = await server.RunAsync(["agent", "list", "--server", "http://127.0.0.1:1", "--data-dir", server.DataDirectory]);
        CliAssert.FailedWithOneLine(unreachable, ExitCode.Unreachable);

        // The real admin client id with a wrong secret, from the environment as the docs allow.
        using JsonDocument credentials = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(server.DataDirectory, "admin-credentials.json")));
        CommandResult wrongCredentials = await server.RunAsync(
            ["agent", "list", "--server", server.Url],
            new Dictionary<string, string?>
            {
                ["MANDATE_ADMIN_CLIENT_ID"] = credentials.RootElement.GetProperty("client_id").GetString(),
                ["MANDATE_ADMIN_CLIENT_SECRET"] = "mnd_" + new string('A', 43),
            });
        CliAssert.FailedWithOneLine(wrongCredentials, ExitCode.AuthenticationFailed);
    }
}
