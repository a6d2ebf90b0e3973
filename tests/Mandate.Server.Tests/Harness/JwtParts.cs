using System.Text.Json;
using Mandate.Jose;

namespace Mandate.Server.Tests.Harness;

/// <summary>Decodes JWT parts for assertions (no validation).</summary>
internal static class JwtParts
{
    public static JsonElement Header(string jwt) => Part(jwt, 0);

    public static JsonElement Payload(string jwt) => Part(jwt, 1);

    public static HashSet<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToHashSet();

    private static JsonElement Part(string jwt, int index)
    {
        Assert.True(Base64Url.TryDecode(jwt.Split('.')[index], out var bytes));
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }
}
