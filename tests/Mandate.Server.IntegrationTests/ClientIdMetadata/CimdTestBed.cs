// Shared set-up of the CIMD tests: a document host, one client key, a Mandate server with one trust rule
// (loopback allowed, as tests serve documents over http from 127.0.0.1), and raw token requests.
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mandate.Jose.Algorithms;
using Mandate.Jose.Jws;
using Mandate.Server.ClientIdMetadata;
using Mandate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mandate.Server.IntegrationTests.ClientIdMetadata;

internal sealed class CimdTestBed : IAsyncDisposable
{
    public const string Api = "https://mcp.example.com/mcp";
    public const string Owner = "mcp-owner@example.com";

    private CimdTestBed(DocumentHost documents, SigningKey key)
    {
        Documents = documents;
        Key = key;
    }

    public DocumentHost Documents { get; }

    public SigningKey Key { get; }

    public MandateTestServer Server { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public string TrustedPrefix => Documents.Origin + "/agents/";

    public string ClientId(string name = "bot.json") => TrustedPrefix + name;

    public static async Task<CimdTestBed> StartAsync(Action<ClientIdMetadataDocumentOptions>? configure = null, bool trust = true, TimeProvider? time = null)
    {
        var bed = new CimdTestBed(await DocumentHost.StartAsync(), SigningKey.Generate(SignatureAlgorithm.ES256));
        bed.Server = await MandateTestServer.StartAsync(new MandateTestServerOptions
        {
            ConfigureServices = services =>
            {
                services.Configure<ClientIdMetadataDocumentOptions>(options =>
                {
                    options.AllowHttpLoopbackForTesting = true;
                    if (trust)
                    {
                        var rule = new ClientIdMetadataDocumentTrust { UrlPrefix = bed.TrustedPrefix, Owner = Owner };
                        rule.Scopes.Add("tools:read");
                        rule.Scopes.Add("tools:write");
                        rule.Audiences.Add(Api);
                        options.Trust.Add(rule);
                    }

                    configure?.Invoke(options);
                });
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(bed.Logs);
                if (time is not null)
                {
                    services.AddSingleton(time);
                }
            },
        });
        return bed;
    }

    /// <summary>A valid document for <paramref name="clientId"/>, with <paramref name="change"/> applied.</summary>
    public string Document(string clientId, Action<JsonObject>? change = null)
    {
        var document = new JsonObject
        {
            ["client_id"] = clientId,
            ["client_name"] = "MCP test agent",
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["grant_types"] = new JsonArray("client_credentials"),
            ["jwks"] = JsonNode.Parse(ClientAssertions.Jwks(Key)),
        };
        change?.Invoke(document);
        return document.ToJsonString();
    }

    /// <summary>Serves a valid document at the client id's path.</summary>
    public string ServeDocument(string name = "bot.json", Action<JsonObject>? change = null, string? cacheControl = null)
    {
        var clientId = ClientId(name);
        Documents.MapJson(new Uri(clientId).AbsolutePath, Document(clientId, change), cacheControl);
        return clientId;
    }

    /// <summary>POST /token with client_credentials and a private_key_jwt assertion signed by <see cref="Key"/>.</summary>
    public async Task<(int Status, JsonElement Body)> RequestTokenAsync(string clientId, string scope = "tools:read", string resource = Api, DateTimeOffset? now = null)
    {
        var assertion = ClientAssertions.Create(Key, clientId, Server.Issuer, now ?? DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = ClientAssertions.Type,
            ["client_assertion"] = assertion,
            ["scope"] = scope,
            ["resource"] = resource,
        });
        using var response = await Server.HttpClient.PostAsync("token", content);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>The claims of a JWT, unverified (the tests check the wire shape).</summary>
    public static JsonElement Claims(string jwt)
    {
        Assert.True(Mandate.Jose.Base64Url.TryDecode(jwt.Split('.')[1], out var payload));
        return JsonDocument.Parse(payload).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Documents.DisposeAsync();
        Key.Dispose();
    }
}
