// RFC 8693 §4.1 act chain: the one reader/writer shared by the server, the resource-server library and the CLI.
using System.Text;
using System.Text.Json;

namespace Mandate.Protocol.Tests;

public sealed class ActorChainTests
{
    [Fact(DisplayName = "RFC 8693 §4.1: the outermost act is the newest actor")]
    public void TryRead_NewestOutermostFirst()
    {
        Assert.True(ActorChain.TryRead(Json("""{"sub":"agt_NEW","iss":"https://as","act":{"sub":"agt_OLD","client_id":"c1"}}"""), out var actors));

        Assert.Equal([new MandateActor("agt_NEW", "https://as", null), new MandateActor("agt_OLD", null, "c1")], actors);
    }

    [Theory(DisplayName = "RFC 8693 §4.1: a malformed act is refused as a whole")]
    [InlineData("\"agt_A\"")]
    [InlineData("{}")]
    [InlineData("""{"sub":""}""")]
    [InlineData("""{"sub":7}""")]
    [InlineData("""{"sub":"a","iss":1}""")]
    [InlineData("""{"sub":"a","client_id":null}""")]
    [InlineData("""{"sub":"a","act":[]}""")]
    [InlineData("""{"sub":"a","act":{"sub":"b","act":"c"}}""")]
    public void TryRead_Malformed_IsFalse(string act)
    {
        Assert.False(ActorChain.TryRead(Json(act), out var actors));
        Assert.Null(actors);
    }

    [Fact]
    public void TryRead_AcceptsExactlyMaxDepth_AndRefusesOneMore()
    {
        Assert.True(ActorChain.TryRead(Json(Written(Subjects(ActorChain.MaxDepth))).GetProperty("act"), out var actors));
        Assert.Equal(ActorChain.MaxDepth, actors.Count);

        var deeper = "{\"sub\":\"extra\",\"act\":" + Json(Written(Subjects(ActorChain.MaxDepth))).GetProperty("act").GetRawText() + "}";
        Assert.False(ActorChain.TryRead(Json(deeper), out _));
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var subjects = Subjects(3);
        var payload = Json(Written(subjects));

        Assert.True(ActorChain.TryReadPayload(payload, out var actors));
        Assert.Equal(subjects, actors.Select(actor => actor.Subject));
        Assert.Equal("""{"act":{"sub":"agt_0","act":{"sub":"agt_1","act":{"sub":"agt_2"}}}}""", Written(subjects));
    }

    [Fact]
    public void Write_Empty_WritesNothing_AndPayloadWithoutActHasEmptyChain()
    {
        Assert.Equal("{}", Written([]));
        Assert.True(ActorChain.TryReadPayload(Json("""{"sub":"alice"}"""), out var actors));
        Assert.Empty(actors);
    }

    [Fact]
    public void Write_MoreThanMaxDepth_Throws() =>
        Assert.Throws<ArgumentException>(() => Written(Subjects(ActorChain.MaxDepth + 1)));

    private static string[] Subjects(int count) => [.. Enumerable.Range(0, count).Select(i => "agt_" + i)];

    private static string Written(IReadOnlyList<string> subjects)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            ActorChain.Write(writer, subjects);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
