using Mandate.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Mandate.Server.Tests.Audit;

public sealed class AuditQueryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 604800)]
    public void Since_Duration_IsBackFromNow(string since, int seconds)
    {
        var (query, error) = AuditQueryParser.Parse(Query(("since", since)), Now);
        Assert.Null(error);
        Assert.Equal(Now.AddSeconds(-seconds), query!.Since);
    }

    [Fact]
    public void Since_IsoInstant_IsUsedAsIs()
    {
        var (query, _) = AuditQueryParser.Parse(Query(("since", "2026-02-28T10:00:00Z")), Now);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.Zero), query!.Since);
    }

    [Theory]
    [InlineData("since", "1w")]
    [InlineData("since", "99999999999999999d")]
    [InlineData("since", "yesterday")]
    [InlineData("after", "-1")]
    [InlineData("limit", "0")]
    [InlineData("limit", "10001")]
    [InlineData("limit", "x")]
    public void BadValue_IsAnErrorNotAnException(string name, string value)
    {
        var (query, error) = AuditQueryParser.Parse(Query((name, value)), Now);
        Assert.Null(query);
        Assert.StartsWith("MND262", error);
    }

    [Fact]
    public void Until_TakesTheFormsOfSince_AndIsAfterIt()
    {
        var (relative, _) = AuditQueryParser.Parse(Query(("since", "2h"), ("until", "1h")), Now);
        Assert.Equal(Now.AddHours(-2), relative!.Since);
        Assert.Equal(Now.AddHours(-1), relative.Until);

        var (instant, error) = AuditQueryParser.Parse(Query(("until", "2026-02-28T10:00:00Z")), Now);
        Assert.Null(error);
        Assert.Null(instant!.Since);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.Zero), instant.Until);
    }

    [Theory]
    [InlineData("tomorrow", null, "MND3100")]
    [InlineData("1w", null, "MND3100")]
    [InlineData("2h", "1h", "MND3101")]
    [InlineData("1h", "1h", "MND3101")]
    public void Until_BadOrNotAfterSince_IsAnError(string until, string? since, string id)
    {
        var pairs = since is null ? new[] { ("until", until) } : new[] { ("since", since), ("until", until) };
        var (query, error) = AuditQueryParser.Parse(Query(pairs), Now);
        Assert.Null(query);
        Assert.StartsWith(id + ": until must", error);
    }

    [Fact]
    public void AgentTypeAfterLimit_AreCarriedOver()
    {
        var (query, _) = AuditQueryParser.Parse(Query(("agent", "agt_X"), ("type", "token."), ("after", "42"), ("limit", "5")), Now);
        Assert.Equal("agt_X", query!.Agent);
        Assert.Equal("token.", query.Type);
        Assert.Equal(42, query.AfterId);
        Assert.Equal(5, query.Limit);
    }

    private static QueryCollection Query(params (string Name, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Name, p => new StringValues(p.Value)));
}
