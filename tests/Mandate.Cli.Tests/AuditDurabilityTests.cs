// Issue 7 item 2: a kill -9 of the server under load loses no record of any token a client received.
// The server runs as a real process; several clients hammer /token, every jti they receive is
// collected, the process is SIGKILLed mid-load, then the SQLite file is opened directly.
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Mandate.Cli.Tests;

public sealed class AuditDurabilityTests
{
    private const int Clients = 8;
    private const int TokensBeforeKill = 400;

    [Fact]
    public async Task Kill9UnderLoad_EveryTokenAClientReceived_HasACommittedAuditRecord()
    {
        await using var server = await ServeProcess.StartAsync();
        var agent = AgentCredentials.Parse((await server.Cli.RunAsync(
            "agent", "create", "kill-bot", "--scope", "a", "--audience", CliRunnerExtensions.Api, "--owner", "team@example.com", "--json")).AssertOk().Stdout);
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(agent.ClientId) + ":" + Uri.EscapeDataString(agent.ClientSecret!)));

        var received = new ConcurrentBag<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/token")
                    {
                        Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "a")]),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
                    using var response = await http.SendAsync(request, stop.Token);
                    string body = await response.Content.ReadAsStringAsync(stop.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        received.Add(Jti(body));
                        if (received.Count >= TokensBeforeKill)
                        {
                            enough.TrySetResult();
                        }
                    }
                    else
                    {
                        enough.TrySetException(new InvalidOperationException($"token request failed: {(int)response.StatusCode} {body}"));
                        return;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                {
                    // The server is gone: this client got no token for this request.
                    return;
                }
            }
        })).ToArray();

        await enough.Task.WaitAsync(TimeSpan.FromMinutes(3));
        await server.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var recorded = ReadIssuedJtis(Path.Combine(server.DataDirectory, "mandate.db"));
        Assert.True(received.Count >= TokensBeforeKill);
        var missing = received.Where(jti => !recorded.Contains(jti)).ToList();
        Assert.Empty(missing);
    }

    private static string Jti(string tokenResponse)
    {
        using var response = JsonDocument.Parse(tokenResponse);
        string payload = response.RootElement.GetProperty("access_token").GetString()!.Split('.')[1];
        Assert.True(Mandate.Jose.Base64Url.TryDecode(payload, out byte[] json));
        using var claims = JsonDocument.Parse(json);
        return claims.RootElement.GetProperty("jti").GetString()!;
    }

    private static HashSet<string> ReadIssuedJtis(string databasePath)
    {
        // A fresh connection runs WAL recovery, exactly as the restarted server would.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT jti FROM audit_records WHERE type = 'token.issued';";
        using var reader = command.ExecuteReader();
        var jtis = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            jtis.Add(reader.GetString(0));
        }

        return jtis;
    }
}
