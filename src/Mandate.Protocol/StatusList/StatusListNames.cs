namespace Mandate.Protocol.StatusList;

/// <summary>Wire names of the OAuth Token Status List (draft-ietf-oauth-status-list), spelled as the draft spells them.</summary>
public static class StatusListNames
{
    /// <summary>§6.1: the claim of a referenced token that holds its status mechanisms.</summary>
    public const string Status = "status";

    /// <summary>§6.1: the status-list mechanism inside <see cref="Status"/>; also the list claim of the Status List Token (§5.1).</summary>
    public const string StatusList = "status_list";

    /// <summary>§6.1: the token's index in the list.</summary>
    public const string Index = "idx";

    /// <summary>§6.1: the URI of the Status List Token; equals that token's <c>sub</c>.</summary>
    public const string Uri = "uri";

    /// <summary>§4.2: bits per status (1, 2, 4 or 8).</summary>
    public const string Bits = "bits";

    /// <summary>§4.2: the base64url of the ZLIB-compressed byte array.</summary>
    public const string List = "lst";

    /// <summary>§5.1: how long, in seconds, the Status List Token may be cached before a fresh copy should be fetched.</summary>
    public const string TimeToLive = "ttl";

    /// <summary>§5.1: the JWS <c>typ</c> of a Status List Token.</summary>
    public const string TokenType = "statuslist+jwt";

    /// <summary>§8.1: the media type of a Status List Token in JWT form.</summary>
    public const string MediaType = "application/statuslist+jwt";

    /// <summary>§9: the authorization-server metadata member naming the Status List Aggregation endpoint.</summary>
    public const string AggregationEndpoint = "status_list_aggregation_endpoint";

    /// <summary>§4.2, §9.2: the optional member of a status list naming the Status List Aggregation URI.</summary>
    public const string AggregationUri = "aggregation_uri";

    /// <summary>§9: the member of the aggregation response that lists the Status List Token URIs.</summary>
    public const string StatusLists = "status_lists";
}
