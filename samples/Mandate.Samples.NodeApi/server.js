// A small API in plain Node (node:http, no framework) that accepts Mandate access tokens using only the jose
// library and the standards, with no Mandate code:
//   RFC 8414   the issuer's metadata gives jwks_uri;
//   RFC 9068   access tokens: typ at+jwt, iss, aud, exp, signature by a key of the JWKS (the key fixes the alg);
//   draft-ietf-oauth-status-list  §6.1 the token's status.status_list {idx, uri}; §8 the Status List Token
//              (typ statuslist+jwt, same JWKS, sub equal to the uri), its lst inflated with zlib (§4.1), one bit per
//              token (1 = INVALID), cached for its ttl (§13.7) and never used past its exp.
// A token without a status reference under the issuer is refused (fail closed). When no usable list can be fetched
// the API answers 503 with Retry-After rather than accept a token it cannot check.
//
// Configuration (environment): ISSUER (required), AUDIENCE (required), PORT (default 8080), HOST (default 127.0.0.1).
// Modules: `require('jose')` resolves from ./node_modules (`npm install` here) or from NODE_PATH, e.g.
// NODE_PATH=tests/node/node_modules as the end-to-end tests run it.
'use strict';

const http = require('node:http');
const zlib = require('node:zlib');
const { createRemoteJWKSet, jwtVerify, errors } = require('jose');

const ISSUER = (process.env.ISSUER || '').replace(/\/+$/, '');
const AUDIENCE = process.env.AUDIENCE || '';
const PORT = Number(process.env.PORT || 8080);
const HOST = process.env.HOST || '127.0.0.1';
// Mandate signs with one of these; jose refuses any other alg in the header, and the JWK's own alg must match.
const ALGORITHMS = ['ES256', 'EdDSA', 'PS256'];
const MAX_LIST_BYTES = 16 * 1024 * 1024; // a compression bomb is refused (§11.1)
const DEFAULT_TTL_SECONDS = 60;

if (!ISSUER || !AUDIENCE) {
  console.error('ISSUER and AUDIENCE must be set');
  process.exit(2);
}

/** @type {ReturnType<typeof createRemoteJWKSet> | undefined} */
let jwks;
/** uri -> { bits: Buffer, width: number, refreshAt: number, exp: number } */
const lists = new Map();
/** uri -> Promise of the fetch in flight (single-flight per list) */
const inflight = new Map();

async function discover() {
  const response = await fetch(`${ISSUER}/.well-known/oauth-authorization-server`);
  if (!response.ok) throw new Error(`metadata: HTTP ${response.status}`);
  const metadata = await response.json();
  if (metadata.issuer !== ISSUER) throw new Error('metadata: issuer mismatch');
  jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
}

async function fetchList(uri) {
  const response = await fetch(uri, { headers: { accept: 'application/statuslist+jwt' } });
  if (!response.ok) throw new Error(`status list: HTTP ${response.status}`);
  const { payload } = await jwtVerify(await response.text(), jwks, {
    issuer: ISSUER,
    typ: 'statuslist+jwt',
    algorithms: ALGORITHMS,
    requiredClaims: ['sub', 'iat', 'exp'],
  });
  const list = payload.status_list;
  if (payload.sub !== uri || !list || typeof list.lst !== 'string' || ![1, 2, 4, 8].includes(list.bits)) {
    throw new Error('status list: malformed');
  }

  const bits = zlib.inflateSync(Buffer.from(list.lst, 'base64url'), { maxOutputLength: MAX_LIST_BYTES });
  const ttl = Number.isInteger(payload.ttl) && payload.ttl > 0 ? Math.min(payload.ttl, 3600) : DEFAULT_TTL_SECONDS;
  const copy = { bits, width: list.bits, refreshAt: Date.now() + ttl * 1000, exp: payload.exp * 1000 };
  lists.set(uri, copy);
  return copy;
}

/** The cached copy while its ttl runs; after that one fetch (shared by concurrent requests), falling back to the
 * previous copy until its exp if the fetch fails. */
async function getList(uri) {
  const cached = lists.get(uri);
  const now = Date.now();
  if (cached && now < cached.refreshAt) return cached;
  let pending = inflight.get(uri);
  if (!pending) {
    pending = fetchList(uri).finally(() => inflight.delete(uri));
    inflight.set(uri, pending);
  }

  try {
    return await pending;
  } catch (error) {
    console.error(`status list ${uri} could not be fetched: ${error.message}`);
    return cached && Date.now() < cached.exp ? cached : undefined;
  }
}

/** §4.1: status i occupies bits i*width .. i*width+width-1, from the least significant bit of each byte. */
function readStatus(copy, idx) {
  const bit = idx * copy.width;
  const byte = Math.floor(bit / 8);
  if (byte >= copy.bits.length) return -1;
  return (copy.bits[byte] >> (bit % 8)) & ((1 << copy.width) - 1);
}

/** Returns { payload } for an accepted token, or { status, error, description } for a refusal. */
async function authenticate(request) {
  const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/.exec(request.headers.authorization || '');
  if (!match) return { status: 401, error: undefined, description: undefined };
  let payload;
  try {
    ({ payload } = await jwtVerify(match[1], jwks, {
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: 'at+jwt',
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: 5,
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) return { status: 401, error: 'invalid_token', description: 'The access token is not valid.' };
    throw error;
  }

  const reference = payload.status && payload.status.status_list;
  if (!reference || !Number.isInteger(reference.idx) || reference.idx < 0 || typeof reference.uri !== 'string'
      || !reference.uri.startsWith(ISSUER + '/')) {
    return { status: 401, error: 'invalid_token', description: 'The access token names no status list of its issuer.' };
  }

  const copy = await getList(reference.uri);
  if (!copy) return { status: 503, error: undefined, description: undefined };
  const status = readStatus(copy, reference.idx);
  if (status !== 0) return { status: 401, error: 'invalid_token', description: 'The access token has been revoked.' };
  return { payload };
}

function send(response, status, body, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

const server = http.createServer(async (request, response) => {
  try {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (path === '/health') return send(response, 200, { status: 'ok' });
    if (path !== '/api/hello' || request.method !== 'GET') return send(response, 404, { error: 'not_found' });

    const result = await authenticate(request);
    if (result.payload) return send(response, 200, { hello: result.payload.sub, client_id: result.payload.client_id });
    if (result.status === 503) return send(response, 503, { error: 'temporarily_unavailable' }, { 'retry-after': '1' });
    // RFC 6750 §3: the challenge; the error only when a token was presented.
    const challenge = result.error ? `Bearer error="${result.error}", error_description="${result.description}"` : 'Bearer';
    return send(response, 401, result.error ? { error: result.error, error_description: result.description } : {}, { 'www-authenticate': challenge });
  } catch (error) {
    console.error(`request failed: ${error.message}`);
    return send(response, 503, { error: 'temporarily_unavailable' }, { 'retry-after': '1' });
  }
});

discover().then(
  () => server.listen(PORT, HOST, () => {
    const address = server.address();
    console.log(`node api listening on http://${address.address}:${address.port} for issuer ${ISSUER}`);
  }),
  (error) => {
    console.error(`cannot read the issuer's metadata: ${error.message}`);
    process.exit(1);
  });

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
