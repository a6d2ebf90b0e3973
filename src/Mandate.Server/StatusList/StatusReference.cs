namespace Mandate.Server.StatusList;

/// <summary>The <c>status_list</c> of one access token (draft-ietf-oauth-status-list §6.1): its list and index.</summary>
/// <param name="ListId">The list, from 1.</param>
/// <param name="Index">The <c>idx</c>.</param>
/// <param name="Uri">The <c>uri</c> of the list.</param>
internal readonly record struct StatusReference(int ListId, int Index, string Uri);
