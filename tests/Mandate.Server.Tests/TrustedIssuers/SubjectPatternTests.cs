using Mandate.Protocol;
using Mandate.Server.TrustedIssuers;

namespace Mandate.Server.Tests.TrustedIssuers;

public sealed class SubjectPatternTests
{
    [Theory]
    [InlineData("spiffe://corp.example/ns/prod/*", "spiffe://corp.example/ns/prod/sa/billing", true)]
    [InlineData("spiffe://corp.example/ns/prod/*", "spiffe://corp.example/ns/production/sa/billing", false)]
    [InlineData("repo:org/repo:ref:refs/heads/main", "repo:org/repo:ref:refs/heads/main", true)]
    [InlineData("repo:org/repo:ref:refs/heads/main", "repo:org/repo:ref:refs/heads/main2", false)]
    [InlineData("alice", "Alice", false)]
    public void IsAllowed_ExactOrTrailingStarPrefix(string pattern, string subject, bool allowed) =>
        Assert.Equal(allowed, SubjectPattern.IsAllowed([pattern], subject));

    [Fact]
    public void IsAllowed_EmptyList_AdmitsAnySubject() => Assert.True(SubjectPattern.IsAllowed([], "anyone"));

    [Theory]
    [InlineData("a*b", false)]
    [InlineData("*", true)]
    [InlineData("", false)]
    [InlineData("x**", false)]
    [InlineData("system:serviceaccount:ns:*", true)]
    public void IsValid_OnlyOneTrailingStar(string pattern, bool valid) => Assert.Equal(valid, SubjectPattern.IsValid(pattern));

    [Fact]
    public void ExternalSubject_RoundTripsAndNeverLooksLikeAnAgent()
    {
        var sub = ExternalSubject.For("github", "repo:org/repo:ref:refs/heads/main");

        Assert.Equal("urn:mandate:ext:github:repo:org/repo:ref:refs/heads/main", sub);
        Assert.True(ExternalSubject.TryParse(sub, out var issuer, out var subject));
        Assert.Equal("github", issuer);
        Assert.Equal("repo:org/repo:ref:refs/heads/main", subject);
        Assert.False(ExternalSubject.IsExternal("agt_abc"));
        Assert.False(ExternalSubject.TryParse("urn:mandate:agent:agt_abc", out _, out _));
    }
}
