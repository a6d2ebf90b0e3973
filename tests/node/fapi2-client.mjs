// A FAPI 2.0 client built only from oauth4webapi, which nobody in this repository wrote, against a server started
// with --profile fapi2 (docs/fapi2.md): discovery (RFC 8414), a client credentials grant authenticated with
// private_key_jwt (oauth4webapi puts the issuer identifier in aud) and a DPoP proof (RFC 9449 §5), one retry when the
// server answers use_dpop_nonce (§8).
//
//   node fapi2-client.mjs   with MANDATE_SERVER, CLIENT_ID, CLIENT_PRIVATE_JWK (an ES256 private JWK) and RESOURCE
//
// Prints one JSON object on stdout: the discovery members the profile limits, the token type and the DPoP key.
// Exit 0 when the script ran to the end (the verdict is the caller's), 1 on an unexpected error (message on stderr).
import * as oauth from 'oauth4webapi';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

const issuer = new URL(env('MANDATE_SERVER'));
const insecure = { [oauth.allowInsecureRequests]: true }; // http on loopback, for the test only

const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
const client = { client_id: env('CLIENT_ID') };
const privateJwk = JSON.parse(env('CLIENT_PRIVATE_JWK'));
const signingKey = await crypto.subtle.importKey('jwk', privateJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
const clientAuth = oauth.PrivateKeyJwt({ key: signingKey, kid: privateJwk.kid });
const keyPair = await oauth.generateKeyPair('ES256');
const DPoP = oauth.DPoP(client, keyPair);
const publicJwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);

const report = {
  token_endpoint_auth_methods_supported: as.token_endpoint_auth_methods_supported ?? null,
  token_endpoint_auth_signing_alg_values_supported: as.token_endpoint_auth_signing_alg_values_supported ?? null,
  dpop_signing_alg_values_supported: as.dpop_signing_alg_values_supported ?? null,
  token_nonce_retries: 0,
};

let tokens;
for (let attempt = 0; ; attempt++) {
  try {
    const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, { resource: env('RESOURCE'), scope: 'tools:read' }, { DPoP, ...insecure });
    tokens = await oauth.processClientCredentialsResponse(as, client, response);
    break;
  } catch (err) {
    if (attempt === 0 && oauth.isDPoPNonceError(err)) {
      report.token_nonce_retries++;
      continue;
    }
    throw err;
  }
}

report.token_type = tokens.token_type;
report.public_jwk = { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y };
report.access_token = tokens.access_token;
console.log(JSON.stringify(report));
