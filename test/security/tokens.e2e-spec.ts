/**
 * Break-in: bad tokens. Every forged, stale, misaddressed or malformed credential gets a
 * 401 with an RFC 6750 / RFC 9728 challenge over HTTP, and the WebSocket upgrade is refused
 * with the same 401 before it happens. Algorithm confusion and `alg: none` are tried against
 * both key modes (HS256 secret; JWKS with RS256).
 */
import { createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, type KeyLike, SignJWT, UnsecuredJWT } from 'jose';
import { postMcp, RawSocket, startTestServer, TEST_AUDIENCE, TEST_SECRET, type TestServer } from '../support/test-server';
import { agent, type Canary, expectServedAndNothingLost, INIT, plantCanary, tryUpgrade, within } from './support';

const ISSUER = 'https://issuer.switchboard.test';
const SKEW = 30;
const now = () => Math.floor(Date.now() / 1000);
const hsKey = (secret = TEST_SECRET) => new TextEncoder().encode(secret);

interface Claims {
  sub?: unknown;
  scope?: unknown;
  aud?: unknown;
  iss?: unknown;
  exp?: unknown;
  nbf?: unknown;
  iat?: unknown;
}

/** Signs exactly the claims given (no defaults added by jose). */
function sign(claims: Claims, key: Uint8Array | KeyLike, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): Promise<string> {
  const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  return new SignJWT(payload as Record<string, unknown>).setProtectedHeader(header as { alg: string }).sign(key);
}

const goodClaims = (overrides: Claims = {}): Claims => ({
  sub: agent('tok'),
  scope: 'context:read customers:read',
  aud: TEST_AUDIENCE,
  iss: ISSUER,
  iat: now(),
  exp: now() + 600,
  ...overrides,
});

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Sends the Authorization header (or none) over HTTP and on the upgrade; both must be 401 with a challenge. */
async function expectRefusedEverywhere(server: TestServer, authorization: string | undefined, extra: { path?: string } = {}) {
  const headers: Record<string, string> = authorization === undefined ? {} : { Authorization: authorization };
  const url = server.mcpUrl + (extra.path ?? '');
  const http = await postMcp(url, INIT, headers);
  expect(http.status).toBe(401);
  const challenge = http.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/);
  expect(http.body).toMatchObject({ error: expect.stringMatching(/^invalid_(token|request)$/), error_description: expect.any(String) });
  expect(JSON.stringify(http.body)).not.toContain(TEST_SECRET);

  const upgrade = await tryUpgrade({ ...server, wsUrl: server.wsUrl + (extra.path ?? '') } as TestServer, headers);
  expect(upgrade.status).toBe(401);
  expect(String(upgrade.headers['www-authenticate'])).toMatch(/^Bearer resource_metadata="/);
  return { http, challenge };
}

describe('break-in: tokens against an HS256 server with AUTH_ISSUER', () => {
  let server: TestServer;
  let canary: Canary;

  beforeAll(async () => {
    server = await startTestServer({ AUTH_ISSUER: ISSUER, AUTH_CLOCK_SKEW_SECONDS: String(SKEW) });
    // server.token() does not set `iss`; the canary and bystanders need tokens this server accepts.
    server.token = (agentId, scopes = ['context:read', 'context:write', 'customers:read'], ttl = 600) =>
      sign(goodClaims({ sub: agentId, scope: scopes.join(' '), exp: now() + ttl }), hsKey());
    canary = await plantCanary(server);
  });
  afterAll(async () => {
    if (server && canary) await expectServedAndNothingLost(server, canary);
    await server?.close();
  });

  it('accepts a well-formed token (control), also one expired by less than the clock skew', async () => {
    for (const token of [await sign(goodClaims(), hsKey()), await sign(goodClaims({ exp: now() - 5 }), hsKey())]) {
      const reply = await postMcp(server.mcpUrl, INIT, { Authorization: `Bearer ${token}` });
      expect(reply.status).toBe(200);
    }
  });

  const cases: Array<[string, () => Promise<string | undefined>, RegExp?]> = [
    ['expired beyond the skew', async () => `Bearer ${await sign(goodClaims({ exp: now() - SKEW - 60 }), hsKey())}`, /expired/],
    [
      'not yet valid (nbf beyond the skew)',
      async () => `Bearer ${await sign(goodClaims({ nbf: now() + SKEW + 120 }), hsKey())}`,
      /not active/,
    ],
    [
      'signed with another secret',
      async () => `Bearer ${await sign(goodClaims(), hsKey('another-secret-that-is-long-enough-0123456789'))}`,
      /signature/,
    ],
    ['signature stripped', async () => `Bearer ${(await sign(goodClaims(), hsKey())).replace(/\.[^.]+$/, '.')}`],
    [
      'payload swapped under a valid signature',
      async () => {
        const [h, , s] = (await sign(goodClaims(), hsKey())).split('.');
        return `Bearer ${h}.${b64url({ ...goodClaims(), scope: 'sessions:admin tickets:write' })}.${s}`;
      },
      /signature/,
    ],
    ['wrong audience', async () => `Bearer ${await sign(goodClaims({ aud: 'https://other.example/mcp' }), hsKey())}`, /audience/],
    ['audience missing', async () => `Bearer ${await sign(goodClaims({ aud: undefined }), hsKey())}`, /audience/],
    ['wrong issuer', async () => `Bearer ${await sign(goodClaims({ iss: 'https://evil.example' }), hsKey())}`, /issuer/],
    ['issuer missing', async () => `Bearer ${await sign(goodClaims({ iss: undefined }), hsKey())}`, /issuer/],
    ['alg: none', async () => `Bearer ${new UnsecuredJWT(goodClaims() as Record<string, unknown>).encode()}`],
    [
      'alg: none with a signature appended',
      async () => {
        const [, p, s] = (await sign(goodClaims(), hsKey())).split('.');
        return `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${p}.${s}`;
      },
    ],
    [
      'alg: HS512 with the right secret (algorithm not allowed)',
      async () => `Bearer ${await sign(goodClaims(), hsKey(), { alg: 'HS512' })}`,
    ],
    ['missing sub', async () => `Bearer ${await sign(goodClaims({ sub: undefined }), hsKey())}`, /sub/],
    ['sub not a string', async () => `Bearer ${await sign(goodClaims({ sub: 42 }), hsKey())}`, /sub/],
    ['empty sub', async () => `Bearer ${await sign(goodClaims({ sub: '' }), hsKey())}`, /sub/],
    ['missing exp', async () => `Bearer ${await sign(goodClaims({ exp: undefined }), hsKey())}`, /exp/],
    ['exp not a number', async () => `Bearer ${await sign(goodClaims({ exp: 'tomorrow' }), hsKey())}`],
    ['scope not a string', async () => `Bearer ${await sign(goodClaims({ scope: ['sessions:admin'] }), hsKey())}`, /scope/],
    ['garbage', async () => 'Bearer not-a-jwt'],
    ['three garbage segments', async () => 'Bearer aaa.bbb.ccc'],
    ['Bearer with no token', async () => 'Bearer'],
    ['Bearer with only spaces', async () => 'Bearer    '],
    ['Basic credentials', async () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['two tokens', async () => `Bearer ${await sign(goodClaims(), hsKey())} ${await sign(goodClaims(), hsKey())}`],
    ['no Authorization header', async () => undefined],
  ];

  it.each(cases.map(([name, make, describes]) => ({ name, make, describes })))(
    '$name → 401 + challenge over HTTP and on the upgrade',
    async ({ make, describes }) => {
      const { http } = await expectRefusedEverywhere(server, await make());
      if (describes) expect(http.body.error_description).toMatch(describes);
    },
  );

  it('a valid token only in the query string is not accepted', async () => {
    const token = await sign(goodClaims(), hsKey());
    for (const param of ['access_token', 'token', 'auth_token']) {
      await expectRefusedEverywhere(server, undefined, { path: `?${param}=${token}` });
    }
  });

  it('a once-valid token keeps being refused after expiry even though it was cached', async () => {
    const token = await sign(goodClaims({ exp: now() - SKEW + 2 }), hsKey()); // valid for ~1-2 s more
    expect((await postMcp(server.mcpUrl, INIT, { Authorization: `Bearer ${token}` })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    // The verification cache keeps the identity until `exp` (no skew): it is gone by now.
    await expectRefusedEverywhere(server, `Bearer ${token}`);
  });

  it('a WebSocket whose token expires mid-connection is closed with 4401 (~2 s token)', async () => {
    const agentId = agent('short');
    const token = await sign(goodClaims({ sub: agentId, exp: now() + 2 }), hsKey());
    const opened = Date.now();
    const socket = await within(RawSocket.open(server.wsUrl, token), 5000, 'open');
    await socket.initialize();
    expect((await socket.request(1, 'ping')).result).toBeDefined();
    const closed = await socket.waitForClose(8000);
    const elapsed = Date.now() - opened;
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/expired/);
    // Expiry is found by a sweep every 2 s: closed after `exp` (1-2 s away), at most a sweep later
    // (plus slack for a loaded machine), and not by some unrelated timeout.
    expect(elapsed).toBeGreaterThan(800);
    expect(elapsed).toBeLessThan(6000);
  });
});

describe('break-in: tokens against a JWKS (RS256) server', () => {
  let jwks: Server;
  let jwksUrl: string;
  let keys: JWK[] = [];
  let jwksFetches = 0;
  let privateKey: KeyLike;
  let publicPem: string;
  let server: TestServer;
  let canary: Canary;
  const KID = 'key-1';

  const rsToken = (claims: Claims = {}, key: KeyLike = privateKey, kid = KID) =>
    sign(goodClaims({ iss: undefined, ...claims }), key, { alg: 'RS256', typ: 'JWT', kid });

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    keys = [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }];
    jwks = createServer((_req, res) => {
      jwksFetches++;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    server = await startTestServer({ AUTH_JWKS_URL: jwksUrl, AUTH_JWT_SECRET: '' });
    server.token = (agentId, scopes = ['context:read', 'context:write', 'customers:read'], ttl = 600) =>
      rsToken({ sub: agentId, scope: scopes.join(' '), exp: now() + ttl });
    canary = await plantCanary(server);
  });
  afterAll(async () => {
    if (server && canary) await expectServedAndNothingLost(server, canary);
    await server?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('accepts an RS256 token from the JWKS (control)', async () => {
    const reply = await postMcp(server.mcpUrl, INIT, { Authorization: `Bearer ${await rsToken()}` });
    expect(reply.status).toBe(200);
  });

  it('algorithm confusion: HS256 signed with the public key (PEM, DER, JWK n) as the HMAC secret → 401', async () => {
    const der = createPublicKey(publicPem).export({ type: 'spki', format: 'der' });
    const secrets = [new TextEncoder().encode(publicPem), new Uint8Array(der), new TextEncoder().encode(keys[0].n!)];
    for (const secret of secrets) {
      for (const header of [
        { alg: 'HS256', typ: 'JWT', kid: KID },
        { alg: 'HS256', typ: 'JWT' },
      ]) {
        await expectRefusedEverywhere(server, `Bearer ${await sign(goodClaims({ iss: undefined }), secret, header)}`);
      }
    }
  });

  it('HS256 signed with the test secret is refused when the server is in JWKS mode', async () => {
    await expectRefusedEverywhere(
      server,
      `Bearer ${await sign(goodClaims({ iss: undefined }), hsKey(), { alg: 'HS256', typ: 'JWT', kid: KID })}`,
    );
  });

  it('alg: none naming a known kid → 401', async () => {
    const forged = `${b64url({ alg: 'none', typ: 'JWT', kid: KID })}.${b64url(goodClaims({ iss: undefined }))}.`;
    await expectRefusedEverywhere(server, `Bearer ${forged}`);
  });

  it('signed by an attacker’s RSA key claiming the trusted kid → 401', async () => {
    const attacker = await generateKeyPair('RS256');
    await expectRefusedEverywhere(server, `Bearer ${await rsToken({}, attacker.privateKey)}`);
  });

  it('wrong audience, expired and missing-claim RS256 tokens → 401', async () => {
    await expectRefusedEverywhere(server, `Bearer ${await rsToken({ aud: 'https://elsewhere/mcp' })}`);
    await expectRefusedEverywhere(server, `Bearer ${await rsToken({ exp: now() - 3600 })}`);
    await expectRefusedEverywhere(server, `Bearer ${await rsToken({ sub: undefined })}`);
    await expectRefusedEverywhere(server, `Bearer ${await rsToken({ exp: undefined })}`);
  });

  it('a rotated key (new kid) is picked up by a refetch; an unknown kid stays refused', async () => {
    const next = await generateKeyPair('RS256', { extractable: true });
    const before = jwksFetches;
    // Not yet published: refused.
    await expectRefusedEverywhere(server, `Bearer ${await rsToken({}, next.privateKey, 'key-2')}`);
    keys = [...keys, { ...(await exportJWK(next.publicKey)), kid: 'key-2', alg: 'RS256', use: 'sig' }];
    const reply = await postMcp(server.mcpUrl, INIT, { Authorization: `Bearer ${await rsToken({}, next.privateKey, 'key-2')}` });
    expect(reply.status).toBe(200);
    expect(jwksFetches).toBeGreaterThan(before);
  });
});
