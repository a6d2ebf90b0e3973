using Microsoft.Extensions.Logging;

namespace Mandate.Server;

// Many agents: the agent change feed and the per-agent monitoring state (MND6750–6799).
internal static partial class Log
{
    [LoggerMessage(6910, LogLevel.Debug, "Dropped {Count} agent(s) changed in the store from this server's memory, up to change {Cursor}.")]
    public static partial void AgentChangesFollowed(ILogger logger, int count, long cursor);
}
