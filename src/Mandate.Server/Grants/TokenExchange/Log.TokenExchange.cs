// [LoggerMessage] events of the token exchange grant, EventIds 6500-6519 (STYLE §11). Operator detail for
// refusals; never token values.
using Microsoft.Extensions.Logging;

namespace Mandate.Server;

internal static partial class Log
{
    [LoggerMessage(6500, LogLevel.Information, "Token exchange refused: client_id={ClientId} subject_jti={SubjectJti} reason={Reason}.")]
    public static partial void TokenExchangeRefused(ILogger logger, string clientId, string? subjectJti, string reason);

    [LoggerMessage(6501, LogLevel.Debug, "Token exchange approved: client_id={ClientId} sub={Subject} parent_jti={ParentJti} depth={Depth} impersonation={Impersonation}.")]
    public static partial void TokenExchangeApproved(ILogger logger, string clientId, string subject, string parentJti, int depth, bool impersonation);
}
