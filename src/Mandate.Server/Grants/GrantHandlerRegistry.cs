using System.Diagnostics.CodeAnalysis;

namespace Mandate.Server.Grants;

/// <summary>Routes <c>grant_type</c> to its handler by dictionary lookup (STYLE §3: no "can you handle this?" loop).</summary>
internal sealed class GrantHandlerRegistry
{
    private readonly Dictionary<string, IGrantHandler> _handlers = new(StringComparer.Ordinal);

    public GrantHandlerRegistry(IEnumerable<IGrantHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            // Two handlers for one grant type is a configuration bug; refuse to start.
            if (!_handlers.TryAdd(handler.GrantType, handler))
            {
                throw new InvalidOperationException($"MND0020: more than one IGrantHandler is registered for grant type '{handler.GrantType}'.");
            }
        }

        GrantTypes = [.. _handlers.Keys];
    }

    /// <summary>The supported grant types, for the metadata document.</summary>
    public IReadOnlyList<string> GrantTypes { get; }

    public bool TryGet(string grantType, [NotNullWhen(true)] out IGrantHandler? handler) => _handlers.TryGetValue(grantType, out handler);
}
