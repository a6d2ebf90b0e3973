namespace Mandate.Cli.Http;

/// <summary>Sends requests and turns transport failures into the CLI's "cannot reach" error (exit 3).</summary>
internal static class Reachability
{
    /// <summary>Sends <paramref name="request"/>; throws <see cref="CliException"/> with exit code 3 when the server cannot be reached.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            throw Unreachable(request.RequestUri);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"the Mandate server at {Origin(request.RequestUri)} did not answer in time");
        }
    }

    /// <summary>The "cannot reach" error for <paramref name="uri"/>.</summary>
    public static CliException Unreachable(Uri? uri) =>
        new(ExitCodes.Unreachable, $"cannot reach the Mandate server at {Origin(uri)}");

    private static string Origin(Uri? uri) => uri is null ? "(unknown)" : uri.GetLeftPart(UriPartial.Authority);
}
