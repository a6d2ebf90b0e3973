namespace Mandate.Cli.Commands;

/// <summary>How the CLI authenticates as an agent: exactly one of a client secret and a private JWK file.</summary>
/// <param name="Secret">The client secret (client_secret_basic), or null.</param>
/// <param name="PrivateKeyPath">The private JWK file (private_key_jwt), or null.</param>
internal sealed record AgentCredential(string? Secret, string? PrivateKeyPath);
