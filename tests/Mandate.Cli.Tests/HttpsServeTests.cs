// `mandate serve --urls https://…` with Kestrel's standard certificate settings (Kestrel:Certificates:Default:Path and
// KeyPath, PEM files) from mandate.json: a self-signed ECDSA certificate made here, a token got over TLS by a client
// that trusts exactly that certificate. Without a certificate, or with a file that cannot be read, serve is one line.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Mandate.Cli.Tests.Infrastructure;

namespace Mandate.Cli.Tests;

public sealed class HttpsServeTests
{
    [Fact]
    public async Task Serve_WithPemCertificate_IssuesATokenOverTls()
    {
        await using var server = new HttpsServeFixture();
        await server.InitializeAsync();
        Assert.StartsWith("https://", server.Url, StringComparison.Ordinal);

        var cli = new CliRunner(server.Root, new Dictionary<string, string> { ["MANDATE_SERVER"] = server.Url }) { HttpHandler = server.TrustingHandler };
        AgentCredentials agent = await cli.CreateAgentAsync("tls-bot", "tools:read");

        using var http = new HttpClient(server.TrustingHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url + "/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("resource", CliRunnerExtensions.Api)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{agent.ClientId}:{agent.ClientSecret}")));
        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, body.RootElement.GetProperty("access_token").GetString()!.Split('.').Length);
        Assert.True(server.CertificateChecks >= 1); // the TLS handshakes presented the configured certificate
    }

    [Fact]
    public async Task Serve_HttpsWithoutCertificate_OneLine_ExitOne()
    {
        string root = Directory.CreateTempSubdirectory("mandate-cli-").FullName;
        try
        {
            CliResult result = await new CliRunner(root).RunAsync("serve", "--urls", $"https://127.0.0.1:{FreePort.Next()}");

            result.AssertOneLineError(ExitCodes.Failure);
            Assert.Contains("MND1250", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("Kestrel:Certificates:Default:Path", result.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(root, ".mandate", "mandate.db")), "nothing is written before the certificate is known");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_HttpsWithMissingCertificateFile_OneLine_ExitOne()
    {
        string root = Directory.CreateTempSubdirectory("mandate-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "mandate.json"), """{"Kestrel":{"Certificates":{"Default":{"Path":"missing.pem","KeyPath":"missing.key"}}}}""");
            CliResult result = await new CliRunner(root).RunAsync("serve", "--urls", $"https://127.0.0.1:{FreePort.Next()}");

            result.AssertOneLineError(ExitCodes.Failure);
            Assert.Contains("MND1251", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("missing.pem", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class HttpsServeFixture : ServeFixture, IAsyncDisposable
    {
        private readonly X509Certificate2 _certificate;
        private int _checks;

        public HttpsServeFixture()
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            DateTimeOffset now = DateTimeOffset.UtcNow;
            using X509Certificate2 created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
            _certificate = X509CertificateLoader.LoadCertificate(created.RawData);
            File.WriteAllText(Path.Combine(Root, "tls.pem"), created.ExportCertificatePem());
            File.WriteAllText(Path.Combine(Root, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        }

        public int CertificateChecks => _checks;

        protected override string Scheme => "https";

        protected override void BeforeStart() =>
            File.WriteAllText(Path.Combine(Root, "mandate.json"), JsonSerializer.Serialize(new
            {
                Kestrel = new { Certificates = new { Default = new { Path = Path.Combine(Root, "tls.pem"), KeyPath = Path.Combine(Root, "tls.key") } } },
            }));

        /// <summary>A handler that trusts exactly the fixture's certificate (pinned), nothing else.</summary>
        public HttpMessageHandler TrustingHandler() => new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                {
                    bool same = presented is not null && presented.GetCertHash().AsSpan().SequenceEqual(_certificate.GetCertHash());
                    if (same)
                    {
                        Interlocked.Increment(ref _checks);
                    }

                    return same;
                },
            },
        };

        async ValueTask IAsyncDisposable.DisposeAsync()
        {
            await DisposeAsync();
            _certificate.Dispose();
        }
    }
}
