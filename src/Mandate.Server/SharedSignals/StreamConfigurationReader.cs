// Reads the receiver-supplied members of a stream configuration from a create (POST), replace (PUT) or update
// (PATCH) request, SSF 1.0 §8.1.1.1, §8.1.1.3 and §8.1.1.4. A replace takes the request as the whole configuration;
// an update changes only the members present. Transmitter-supplied members in the request are ignored. A push
// endpoint whose host is a non-public address or a localhost name is refused here (OutboundAddressPolicy); other
// names are judged on their resolved addresses when the push connects.
using System.Text.Json;
using Mandate.Protocol;
using Mandate.Server.ClientIdMetadata;

namespace Mandate.Server.SharedSignals;

internal static class StreamConfigurationReader
{
    /// <summary>The configuration <paramref name="body"/> describes, starting from <paramref name="current"/> (null for
    /// create and replace), or the error to answer.</summary>
    public static (StreamConfiguration? Configuration, OAuthError? Error) Read(JsonElement body, StreamConfiguration? current, bool allowHttp, bool allowLoopback = false)
    {
        var events = current?.EventsRequested ?? SharedSignalsNames.Supported;
        if (body.TryGetProperty("events_requested", out var requested))
        {
            if (requested.ValueKind != JsonValueKind.Array || requested.GetArrayLength() > StreamConfiguration.MaxEventsRequested
                || requested.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || !Uri.TryCreate(e.GetString(), UriKind.Absolute, out _)))
            {
                return (null, SharedSignalsErrors.BadEvents);
            }

            events = [.. requested.EnumerateArray().Select(e => e.GetString()!).Distinct(StringComparer.Ordinal)];
        }

        var description = current?.Description;
        if (body.TryGetProperty("description", out var text))
        {
            if (text.ValueKind != JsonValueKind.String || text.GetString()!.Length > StreamConfiguration.MaxDescriptionLength)
            {
                return (null, SharedSignalsErrors.BadText);
            }

            description = text.GetString();
        }

        var method = current?.DeliveryMethod ?? SharedSignalsNames.PollMethod;
        var endpoint = current?.EndpointUrl;
        var authorization = current?.AuthorizationHeader;
        var protectedAuthorization = current?.ProtectedAuthorizationHeader;
        if (body.TryGetProperty("delivery", out var delivery))
        {
            if (delivery.ValueKind != JsonValueKind.Object)
            {
                return (null, SharedSignalsErrors.BadMethod);
            }

            if (!delivery.TryGetProperty("method", out var m) || m.GetString() is not (SharedSignalsNames.PushMethod or SharedSignalsNames.PollMethod))
            {
                return (null, SharedSignalsErrors.BadMethod);
            }

            method = m.GetString()!;
            endpoint = null;
            authorization = null;
            protectedAuthorization = null;
            if (method == SharedSignalsNames.PushMethod)
            {
                if (!delivery.TryGetProperty("endpoint_url", out var url) || url.ValueKind != JsonValueKind.String || !IsPushEndpoint(url.GetString()!, allowHttp))
                {
                    return (null, SharedSignalsErrors.BadEndpoint);
                }

                if (!OutboundAddressPolicy.IsAllowedHost(new Uri(url.GetString()!), allowLoopback))
                {
                    return (null, SharedSignalsErrors.PrivateEndpoint);
                }

                endpoint = url.GetString();
                if (delivery.TryGetProperty("authorization_header", out var header))
                {
                    if (header.ValueKind != JsonValueKind.String || header.GetString()!.Length > StreamConfiguration.MaxAuthorizationHeaderLength
                        || header.GetString()!.AsSpan().ContainsAny('\r', '\n'))
                    {
                        return (null, SharedSignalsErrors.BadText);
                    }

                    authorization = header.GetString();
                }
            }
        }

        return (new StreamConfiguration
        {
            EventsRequested = events,
            DeliveryMethod = method,
            EndpointUrl = endpoint,
            AuthorizationHeader = authorization,
            ProtectedAuthorizationHeader = protectedAuthorization,
            Description = description,
            LastVerificationAt = current?.LastVerificationAt,
        }, null);
    }

    private static bool IsPushEndpoint(string value, bool allowHttp) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || allowHttp && uri.Scheme == Uri.UriSchemeHttp)
        && uri.Fragment.Length == 0
        && uri.UserInfo.Length == 0;
}
