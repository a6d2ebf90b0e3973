// The Mandate.ResourceServer meter and activity source through the real middleware (docs/observability.md):
// validation results (valid, cached, expired, wrong_audience, revoked), JWKS lookups, the per-request decision counter
// and one validation activity per request, a child of the request's W3C trace.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Mandate.ResourceServer.Diagnostics;
using Mandate.ResourceServer.Revocation;
using Mandate.ResourceServer.Tests.Infrastructure;
using Mandate.ResourceServer.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mandate.ResourceServer.Tests;

public sealed class TelemetryTests : ResourceServerTestBase
{
    [Fact]
    public async Task ValidationResults_AreCountedByResult_AndTracedWithoutTheToken()
    {
        using var metrics = new ValidationMetrics(Api);
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is MandateBearerDefaults.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == MandateBearerDefaults.ActivitySourceName)
                {
                    activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var valid = ValidToken();
        var (ok, okTrace) = await SendTracedAsync(valid);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(HttpStatusCode.OK, (await SendTracedAsync(valid)).Status);

        var expiredClaims = Claims();
        expiredClaims["exp"] = Now.AddMinutes(-5).ToUnixTimeSeconds();
        var (expired, expiredTrace) = await SendTracedAsync(TestTokens.Sign(Key, expiredClaims));
        Assert.Equal(HttpStatusCode.Unauthorized, expired);

        var foreignAudience = Claims();
        foreignAudience["aud"] = "https://other-api.example.test";
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendTracedAsync(TestTokens.Sign(Key, foreignAudience))).Status);

        var revokedClaims = Claims();
        var revokedJti = (string)revokedClaims["jti"]!;
        DenyList().AddToken(revokedJti, Now.AddMinutes(10).ToUnixTimeSeconds());
        var (revoked, revokedTrace) = await SendTracedAsync(TestTokens.Sign(Key, revokedClaims));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked);

        Assert.Equal(1, metrics.Validations("valid", cached: false));
        Assert.Equal(1, metrics.Validations("valid", cached: true));
        Assert.Equal(1, metrics.Validations("expired"));
        Assert.Equal(1, metrics.Validations("wrong_audience"));
        Assert.Equal(1, metrics.Validations("revoked"));
        Assert.Equal(4, metrics.Sum("mandate.resource_server.jwks.lookups", ("result", "hit")));
        Assert.Equal(2, metrics.Sum("mandate.resource_server.requests", ("decision", "allowed"), ("result", "valid")));
        Assert.Equal(1, metrics.Sum("mandate.resource_server.requests", ("decision", "refused"), ("result", "expired")));
        Assert.Equal(1, metrics.Sum("mandate.resource_server.requests", ("decision", "refused"), ("result", "revoked")));

        // The validation activity joins the caller's trace (traceparent -> ASP.NET Core request activity -> ours).
        var validActivity = Assert.Single(activities, a => a.TraceId == okTrace);
        Assert.Equal(MandateBearerTracing.ValidateActivity, validActivity.OperationName);
        Assert.Equal("valid", validActivity.GetTagItem("mandate.result"));
        Assert.Equal((string)Claims()["client_id"]!, validActivity.GetTagItem("oauth.client_id"));
        Assert.Equal("expired", Assert.Single(activities, a => a.TraceId == expiredTrace).GetTagItem("mandate.result"));
        var revokedActivity = Assert.Single(activities, a => a.TraceId == revokedTrace);
        Assert.Equal("revoked", revokedActivity.GetTagItem("mandate.result"));
        Assert.Equal(revokedJti, revokedActivity.GetTagItem("mandate.token.jti"));
        foreach (var activity in activities)
        {
            Assert.DoesNotContain(activity.TagObjects, tag => tag.Value is string s && s.Contains(valid.Split('.')[2], StringComparison.Ordinal));
        }
    }

    private RevocationDenyList DenyList()
    {
        var options = Api.Services.GetRequiredService<IOptionsMonitor<MandateBearerOptions>>().Get(MandateBearerDefaults.AuthenticationScheme);
        return Api.Services.GetRequiredService<AccessTokenValidatorCollection>().Get(MandateBearerDefaults.AuthenticationScheme, options).DenyList;
    }

    /// <summary>Sends GET /api/tools inside a fresh W3C trace and returns its status and trace id.</summary>
    private async Task<(HttpStatusCode Status, ActivityTraceId Trace)> SendTracedAsync(string token)
    {
        using var parent = new Activity("test-request").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var response = await Api.GetAsync("/api/tools", token);
        return (response.StatusCode, parent.TraceId);
    }
}
