using System.Text.Json;
using Mandate.Server.Audit;
using Mandate.Server.Grants;

namespace Mandate.Server.Tests.Audit;

public sealed class TokenAuditRecordsTests
{
    [Fact(DisplayName = "RFC 8693 §4.1: the delegation chain is recorded newest actor first, with the parent jti")]
    public void DelegationDetails_ListsActorsNewestFirstAndParentJti()
    {
        var grant = new ApprovedGrant
        {
            GrantType = "urn:ietf:params:oauth:grant-type:token-exchange",
            Subject = "agt_user",
            ClientId = "agt_b",
            Scopes = ["a"],
            Audience = "https://api.example.com",
            Lifetime = TimeSpan.FromMinutes(5),
            Actors = ["agt_b", "agt_a"],
            ParentTokenId = "parent-jti",
        };

        using var details = JsonDocument.Parse(TokenAuditRecords.DelegationDetails(grant));

        Assert.Equal(["agt_b", "agt_a"], details.RootElement.GetProperty("act").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("parent-jti", details.RootElement.GetProperty("parent_jti").GetString());
    }

    [Fact(DisplayName = "RFC 9396 §2: the granted authorization_details are recorded with the chain, as the JSON array the token carries")]
    public void DelegationDetails_CarriesGrantedAuthorizationDetails()
    {
        var grant = new ApprovedGrant
        {
            GrantType = "urn:ietf:params:oauth:grant-type:token-exchange",
            Subject = "agt_user",
            ClientId = "agt_b",
            Scopes = ["a"],
            Audience = "https://api.example.com",
            Lifetime = TimeSpan.FromMinutes(5),
            Actors = ["agt_b"],
            ParentTokenId = "parent-jti",
            AuthorizationDetails = "[{\"type\":\"agent_task\",\"task_id\":\"T-1\"}]",
        };

        using var details = JsonDocument.Parse(TokenAuditRecords.DelegationDetails(grant));

        var entry = Assert.Single(details.RootElement.GetProperty("authorization_details").EnumerateArray());
        Assert.Equal("agent_task", entry.GetProperty("type").GetString());
        Assert.Equal("T-1", entry.GetProperty("task_id").GetString());
    }
}
