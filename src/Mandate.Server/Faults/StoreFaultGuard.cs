using Mandate.Server.Endpoints;
using Mandate.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mandate.Server.Faults;

/// <summary>
/// Wraps every endpoint of the server and the admin API so that expected faults are answered the way clients and load
/// balancers expect, with one log line and no stack trace:
/// a store fault (<see cref="IStoreHealth.Classify"/>) → 503 <c>temporarily_unavailable</c> + <c>Retry-After</c>
/// (damaged data also turns <c>/readyz</c> unhealthy); a body that cannot be read → 400 (or the status Kestrel chose,
/// e.g. 413); a client that went away → nothing (it cannot be answered). Other exceptions are defects and propagate.
/// The endpoints write nothing before their store work is done, so a refused request changed nothing it reports.
/// </summary>
internal static class StoreFaultGuard
{
    /// <summary>Adds the guard to every endpoint the builder creates.</summary>
    public static TBuilder WithStoreFaultGuard<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(static endpoint =>
        {
            if (endpoint.RequestDelegate is { } inner)
            {
                endpoint.RequestDelegate = Wrap(inner);
            }
        });
        return builder;
    }

    /// <summary>The guarded delegate: no extra allocation or await when <paramref name="inner"/> completes synchronously.</summary>
    public static RequestDelegate Wrap(RequestDelegate inner) => context =>
    {
        Task task;
        try
        {
            task = inner(context);
        }
        catch (Exception ex) when (Classify(context, ex) is not Outcome.Defect)
        {
            return HandleAsync(context, ex);
        }

        return task.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(task, context);
    };

    private static async Task AwaitAsync(Task task, HttpContext context)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (Classify(context, ex) is not Outcome.Defect)
        {
            await HandleAsync(context, ex).ConfigureAwait(false);
        }
    }

    private static Outcome Classify(HttpContext context, Exception exception)
    {
        if (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return Outcome.Aborted;
        }

        if (context.Response.HasStarted)
        {
            return Outcome.Defect;
        }

        if (exception is BadHttpRequestException)
        {
            return Outcome.BodyUnreadable;
        }

        return context.RequestServices.GetService<IStoreHealth>()?.Classify(exception) switch
        {
            StoreFault.Unavailable => Outcome.Unavailable,
            StoreFault.Corrupt => Outcome.Corrupt,
            _ => Outcome.Defect,
        };
    }

    private static Task HandleAsync(HttpContext context, Exception exception)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreFaultGuard).FullName!);
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? string.Empty;
        switch (Classify(context, exception))
        {
            case Outcome.Aborted:
                FaultLog.RequestAborted(logger, method, path);
                return Task.CompletedTask;
            case Outcome.BodyUnreadable:
                FaultLog.BodyUnreadable(logger, method, path, exception.Message);
                var status = ((BadHttpRequestException)exception).StatusCode;
                return OAuthErrorResult.WithStatus(StoreFaultErrors.BodyUnreadable, status >= 400 ? status : StatusCodes.Status400BadRequest).ExecuteAsync(context);
            case Outcome.Corrupt:
                context.RequestServices.GetRequiredService<StoreFaultState>().MarkCorrupt();
                FaultLog.StoreCorrupt(logger, FaultText.Of(exception), method, path);
                return OAuthErrorResult.WithStatus(StoreFaultErrors.Corrupt, StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
            default:
                FaultLog.StoreUnavailable(logger, FaultText.Of(exception), method, path);
                return OAuthErrorResult.WithStatus(StoreFaultErrors.Unavailable, StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
        }
    }

    /// <summary>The provider's exception under the server's wrappers (for example <c>AuditUnavailableException</c>).</summary>
    internal static Exception Cause(Exception exception) => exception.InnerException is { } inner && exception is Audit.AuditUnavailableException ? inner : exception;

    private enum Outcome
    {
        Defect,
        Aborted,
        BodyUnreadable,
        Unavailable,
        Corrupt,
    }
}
