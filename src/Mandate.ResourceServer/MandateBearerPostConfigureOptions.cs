// Derives the defaults that depend on other settings, as JwtBearerPostConfigureOptions does.
using Microsoft.Extensions.Options;

namespace Mandate.ResourceServer;

internal sealed class MandateBearerPostConfigureOptions : IPostConfigureOptions<MandateBearerOptions>
{
    private const int MaxResponseBytes = 1024 * 1024;

    public void PostConfigure(string? name, MandateBearerOptions options)
    {
        if (options.Backchannel is null)
        {
            var handler = options.BackchannelHttpHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            options.Backchannel = new HttpClient(handler)
            {
                Timeout = options.BackchannelTimeout,
                MaxResponseContentBufferSize = MaxResponseBytes,
            };
            options.Backchannel.DefaultRequestHeaders.UserAgent.ParseAdd("Mandate.ResourceServer");
        }
    }
}
