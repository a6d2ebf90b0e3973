// A push receiver's authorization_header at rest: sealed under the key-encryption key in the SQLite file, opened only to
// push, and a row stored in plain text by an earlier version re-written sealed at start while pushes keep the header.
using System.Net;
using System.Text;
using Mandate.Testing;
using Microsoft.Data.Sqlite;
using static Mandate.Server.IntegrationTests.SharedSignals.SharedSignalsFixture;

namespace Mandate.Server.IntegrationTests.SharedSignals;

public sealed class SharedSignalsSecretAtRestTests : IAsyncLifetime
{
    private const string Verification = "https://schemas.openid.net/secevent/ssf/event-type/verification";

    private MandateTestServer _server = null!;
    private PushReceiverHost _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await StartServerAsync();
        _receiver = await PushReceiverHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact(DisplayName = "RFC 9700 §4.15 / SSF 1.0 §8.1.1: the push authorization_header is not in the SQLite files, and the push still carries it")]
    public async Task AuthorizationHeader_IsSealedAtRest()
    {
        var secret = "Bearer at-rest-" + Guid.NewGuid().ToString("N");
        var receiver = await CreateReceiverAsync(_server);
        var token = await ReceiverTokenAsync(_server, receiver);
        var streamId = (await CreateStreamAsync(_server, token, new { method = "urn:ietf:rfc:8935", endpoint_url = _receiver.EndpointUrl, authorization_header = secret }))
            .GetProperty("stream_id").GetString()!;

        await VerifyAsync(token, streamId, "first");
        var (_, _, authorization) = await _receiver.WaitForAsync(t => IsVerification(t, "first"));
        Assert.Equal(secret, authorization);

        var stored = ReadConfiguration(streamId);
        Assert.DoesNotContain("at-rest-", stored, StringComparison.Ordinal);
        Assert.Contains("\"authorization_header_protected\":", stored, StringComparison.Ordinal);
        var needle = Encoding.UTF8.GetBytes(secret["Bearer ".Length..]);
        foreach (var file in Directory.GetFiles(_server.DataDirectory, "mandate.db*"))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(needle) < 0, Path.GetFileName(file) + " holds the header's bytes");
        }
    }

    [Fact(DisplayName = "RFC 8935 §2: a stream stored with a plaintext authorization_header is re-written sealed at start and still pushes with that header")]
    public async Task PlaintextRowFromEarlierVersion_IsSealedAndStillPushes()
    {
        var receiver = await CreateReceiverAsync(_server);
        var token = await ReceiverTokenAsync(_server, receiver);
        var streamId = (await CreateStreamAsync(_server, token, new { method = "urn:ietf:rfc:8935", endpoint_url = _receiver.EndpointUrl }))
            .GetProperty("stream_id").GetString()!;

        // Written as the previous version wrote it: the header as a plain member of the configuration.
        _server = await _server.RestartAsync(() => Execute(
            "UPDATE ssf_streams SET configuration = json_set(configuration, '$.authorization_header', 'Bearer legacy-secret') WHERE stream_id = $id", streamId));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        string stored;
        while ((stored = ReadConfiguration(streamId)).Contains("legacy-secret", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.DoesNotContain("legacy-secret", stored, StringComparison.Ordinal);
        Assert.Contains("\"authorization_header_protected\":", stored, StringComparison.Ordinal);

        await VerifyAsync(await ReceiverTokenAsync(_server, receiver), streamId, "after-upgrade");
        var (_, _, authorization) = await _receiver.WaitForAsync(t => IsVerification(t, "after-upgrade"));
        Assert.Equal("Bearer legacy-secret", authorization);
    }

    private static bool IsVerification(string set, string state) =>
        SetReader.EventType(set) == Verification
        && SetReader.Payload(set).GetProperty("events").GetProperty(Verification).GetProperty("state").GetString() == state;

    private async Task VerifyAsync(string token, string streamId, string state)
    {
        var (status, _, response) = await SendAsync(_server, HttpMethod.Post, "ssf/verify", token, new { stream_id = streamId, state });
        response.Dispose();
        Assert.Equal(HttpStatusCode.NoContent, status);
    }

    private string ReadConfiguration(string streamId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT configuration FROM ssf_streams WHERE stream_id = $id";
        command.Parameters.AddWithValue("$id", streamId);
        return (string)command.ExecuteScalar()!;
    }

    private void Execute(string sql, string streamId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", streamId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_server.DataDirectory, "mandate.db"), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
