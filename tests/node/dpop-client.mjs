// A DPoP client (RFC 9449) built only from oauth4webapi, which nobody in this repository wrote: discovery (RFC 8414),
// a client credentials grant with client_secret_basic and a DPoP proof (§5), one retry when the server answers
// use_dpop_nonce (§8), then a call to a protected API with the bound token and a proof (§7.1, nonce retry per §9),
// then the same token presented as a Bearer token (§7.2), which the API must refuse.
//
//   node dpop-client.mjs   with MANDATE_SERVER, CLIENT_ID, CLIENT_SECRET, RESOURCE and API_URL in the environment
//
// Prints one JSON object on stdout: what happened at each step. Exit 0 when the script ran to the end (the verdict
// is the caller's to draw), 1 on an unexpected error (message on stderr).
import * as oauth from 'oauth4webapi';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

const issuer = new URL(env('MANDATE_SERVER'));
const apiUrl = new URL(env('API_URL'));
const insecure = { [oauth.allowInsecureRequests]: true }; // http on loopback, for the test only

const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
const client = { client_id: env('CLIENT_ID') };
const clientAuth = oauth.ClientSecretBasic(env('CLIENT_SECRET'));
const keyPair = await oauth.generateKeyPair('ES256');
const DPoP = oauth.DPoP(client, keyPair);
const publicJwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);

const report = { dpop_signing_alg_values_supported: as.dpop_signing_alg_values_supported ?? null, token_nonce_retries: 0, api_nonce_retries: 0 };

// RFC 9449 §8: the DPoP handle keeps the nonce the server sent; the request is repeated once with it.
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

// RFC 9449 §7.1: Authorization: DPoP <token> with a proof carrying htm, htu and ath; §9 nonce retry.
for (let attempt = 0; ; attempt++) {
  try {
    const response = await oauth.protectedResourceRequest(tokens.access_token, 'GET', apiUrl, new Headers(), null, { DPoP, ...insecure });
    report.dpop_call = { status: response.status, body: await response.json() };
    break;
  } catch (err) {
    if (attempt === 0 && oauth.isDPoPNonceError(err)) {
      report.api_nonce_retries++;
      continue;
    }
    if (err instanceof oauth.WWWAuthenticateChallengeError) {
      report.dpop_call = { status: err.response.status, challenges: err.cause };
      break;
    }
    throw err;
  }
}

// RFC 9449 §7.2: the same token as a Bearer token, without a proof, must be refused.
try {
  const response = await oauth.protectedResourceRequest(tokens.access_token, 'GET', apiUrl, new Headers(), null, insecure);
  report.bearer_call = { status: response.status };
} catch (err) {
  if (!(err instanceof oauth.WWWAuthenticateChallengeError)) {
    throw err;
  }
  report.bearer_call = { status: err.response.status, challenges: err.cause };
}

console.log(JSON.stringify(report));
