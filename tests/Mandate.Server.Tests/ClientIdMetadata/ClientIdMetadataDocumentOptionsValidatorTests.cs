using Mandate.Server.ClientIdMetadata;

namespace Mandate.Server.Tests.ClientIdMetadata;

public sealed class ClientIdMetadataDocumentOptionsValidatorTests
{
    private static ClientIdMetadataDocumentTrust Rule(string prefix = "https://agents.example.com/")
    {
        var rule = new ClientIdMetadataDocumentTrust { UrlPrefix = prefix, Owner = "ops@example.com" };
        rule.Scopes.Add("tools:read");
        rule.Audiences.Add("https://mcp.example.com/mcp");
        return rule;
    }

    private static string[] Failures(ClientIdMetadataDocumentOptions options) =>
        [.. new ClientIdMetadataDocumentOptionsValidator().Validate(null, options).Failures ?? []];

    [Fact(DisplayName = "CIMD options: the defaults (closed, no rule) and a complete rule are valid")]
    public void Defaults_Valid()
    {
        Assert.Empty(Failures(new ClientIdMetadataDocumentOptions()));
        var options = new ClientIdMetadataDocumentOptions();
        options.Trust.Add(Rule());
        Assert.Empty(Failures(options));
    }

    [Theory(DisplayName = "CIMD options: a trust prefix must be an https URL with a path, as it parses")]
    [InlineData("http://agents.example.com/")]
    [InlineData("https://agents.example.com")]
    [InlineData("https://AGENTS.example.com/")]
    [InlineData("https://agents.example.com:443/")]
    [InlineData("agents.example.com/")]
    public void Prefix_Invalid(string prefix)
    {
        var options = new ClientIdMetadataDocumentOptions();
        options.Trust.Add(Rule(prefix));
        Assert.Contains(Failures(options), f => f.StartsWith("MND0653", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "CIMD options: a rule without owner, scopes or audiences, or with a long lifetime, stops start-up")]
    public void Rule_Incomplete()
    {
        var options = new ClientIdMetadataDocumentOptions();
        options.Trust.Add(new ClientIdMetadataDocumentTrust { UrlPrefix = "https://agents.example.com/", TokenLifetime = TimeSpan.FromHours(2) });
        var failures = Failures(options);
        Assert.Contains(failures, f => f.StartsWith("MND0654", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MND0655", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MND0656", StringComparison.Ordinal));
    }

    [Fact(DisplayName = "CIMD options: limits out of range stop start-up")]
    public void Limits_OutOfRange()
    {
        var failures = Failures(new ClientIdMetadataDocumentOptions { MaxDocumentBytes = 10, FetchTimeout = TimeSpan.FromMinutes(5), MaxCacheDuration = TimeSpan.FromDays(2) });
        Assert.Contains(failures, f => f.StartsWith("MND0650", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MND0651", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MND0652", StringComparison.Ordinal));
    }
}
