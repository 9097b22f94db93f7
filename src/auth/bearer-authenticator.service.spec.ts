import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { AuthError } from './auth-error';
import { AuthModule } from './auth.module';
import { BearerAuthenticator } from './bearer-authenticator.service';
import { SigningKeyProvider } from './signing-key.provider';

/*
 * Note: passport keeps strategies in a process-wide registry, so the last AuthModule booted
 * owns the 'jwt' strategy. Each describe boots its own module in beforeAll and the describes
 * run one after another, so every test talks to the module it booted.
 */

const SECRET = 'test-secret-'.padEnd(40, 'x');
const AUDIENCE = 'https://switchboard.test/mcp';
const now = () => Math.floor(Date.now() / 1000);

const request = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as IncomingMessage;

async function boot(env: NodeJS.ProcessEnv) {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadConfig({ PUBLIC_URL: 'https://switchboard.test', ...env })), AuthModule],
  }).compile();
  await moduleRef.init();
  return { auth: moduleRef.get(BearerAuthenticator), keys: moduleRef.get(SigningKeyProvider) };
}

function hs256(claims: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header }).sign(new TextEncoder().encode(secret));
}

const validClaims = (extra: Record<string, unknown> = {}) => ({
  sub: 'agent-1',
  aud: AUDIENCE,
  exp: now() + 600,
  scope: 'context:read customers:read',
  ...extra,
});

async function authError(promise: Promise<unknown>): Promise<AuthError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  return err as AuthError;
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(() => Logger.overrideLogger(false));

describe('BearerAuthenticator with an HS256 secret', () => {
  let auth: BearerAuthenticator;
  beforeAll(async () => {
    const booted = await boot({ AUTH_JWT_SECRET: SECRET });
    auth = booted.auth;
    expect(booted.keys.mode).toBe('hs256');
    expect(booted.keys.algorithms).toEqual(['HS256']);
  });

  it('turns a valid token into an identity with agentId, scopes and expiry', async () => {
    const exp = now() + 600;
    const identity = await auth.authenticate(request(`Bearer ${await hs256(validClaims({ exp }))}`));
    expect(identity).toEqual({ agentId: 'agent-1', scopes: new Set(['context:read', 'customers:read']), expiresAt: exp });
  });

  it('accepts a token without scope as having no scopes', async () => {
    const identity = await auth.authenticate(request(`Bearer ${await hs256(validClaims({ scope: undefined }))}`));
    expect(identity.scopes.size).toBe(0);
  });

  it('accepts the scheme case-insensitively', async () => {
    const identity = await auth.authenticate(request(`bearer ${await hs256(validClaims({ sub: 'lower' }))}`));
    expect(identity.agentId).toBe('lower');
  });

  it.each([
    ['an expired token', () => hs256(validClaims({ exp: now() - 120 })), /expired/],
    ['a token for another audience', () => hs256(validClaims({ aud: 'https://other.example/mcp' })), /audience invalid/],
    ['a token signed with another secret', () => hs256(validClaims(), 'another-secret-'.padEnd(40, 'y')), /invalid signature/],
    ['a token not yet valid', () => hs256(validClaims({ nbf: now() + 600 })), /not active/],
  ])('refuses %s with a specific reason', async (_label, token, reason) => {
    const error = await authError(auth.authenticate(request(`Bearer ${await token()}`)));
    expect(error.oauthError).toBe('invalid_token');
    expect(error.reason).toMatch(reason);
  });

  it('tolerates a little clock skew on exp', async () => {
    const identity = await auth.authenticate(request(`Bearer ${await hs256(validClaims({ exp: now() - 5 }))}`));
    expect(identity.agentId).toBe('agent-1');
  });

  it('refuses an unsigned alg:none token', async () => {
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(validClaims())}.`;
    const error = await authError(auth.authenticate(request(`Bearer ${token}`)));
    expect(error.oauthError).toBe('invalid_token');
    expect(error.reason).toMatch(/signature is required|invalid algorithm/);
  });

  it('refuses an alg:none token that keeps a signature from a valid one', async () => {
    const valid = await hs256(validClaims());
    const token = `${b64url({ alg: 'none' })}.${valid.split('.')[1]}.${valid.split('.')[2]}`;
    expect((await authError(auth.authenticate(request(`Bearer ${token}`)))).oauthError).toBe('invalid_token');
  });

  it('refuses a token signed with HS512 (not an allowed algorithm)', async () => {
    const token = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(SECRET));
    expect((await authError(auth.authenticate(request(`Bearer ${token}`)))).reason).toMatch(/invalid algorithm/);
  });

  it.each([
    ['without sub', { sub: undefined }, 'token has no valid sub claim'],
    ['with an empty sub', { sub: '' }, 'token has no valid sub claim'],
    ['with a numeric sub', { sub: 42 }, 'token has no valid sub claim'],
    ['with a 201-character sub', { sub: 'a'.repeat(201) }, 'token has no valid sub claim'],
    ['without exp', { exp: undefined }, 'token has no exp claim'],
    ['with a scope array', { scope: ['context:read'] }, 'token scope claim must be a space-separated string'],
  ])('refuses a token %s', async (_label, claims, reason) => {
    const error = await authError(auth.authenticate(request(`Bearer ${await hs256(validClaims(claims))}`)));
    expect(error.reason).toBe(reason);
    expect(error.oauthError).toBe('invalid_token');
  });

  it('refuses garbage after Bearer as an invalid token', async () => {
    expect((await authError(auth.authenticate(request('Bearer not.a.jwt')))).oauthError).toBe('invalid_token');
  });

  it.each([
    [undefined, 'missing bearer token'],
    ['', 'missing bearer token'],
    ['Basic dXNlcjpwYXNz', 'Authorization header must be "Bearer <token>"'],
    ['Bearer', 'Authorization header must be "Bearer <token>"'],
    ['Bearer a b', 'Authorization header must be "Bearer <token>"'],
    ['Token abc', 'Authorization header must be "Bearer <token>"'],
  ])('a malformed Authorization header %j → invalid_request', async (header, reason) => {
    const error = await authError(auth.authenticate(request(header)));
    expect(error).toMatchObject({ oauthError: 'invalid_request', reason });
  });

  it('remembers a verified token: the same token is accepted again with the same identity', async () => {
    const header = `Bearer ${await hs256(validClaims({ sub: 'cached' }))}`;
    const first = await auth.authenticate(request(header));
    expect(await auth.authenticate(request(header))).toBe(first);
  });
});

describe('BearerAuthenticator with a JWKS URL', () => {
  let server: Server;
  let jwks: { keys: JWK[] };
  let fetches = 0;
  let auth: BearerAuthenticator;
  let keyA: { privateKey: KeyLike; jwk: JWK };

  async function newKey(kid: string) {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
  }

  const rs256 = (privateKey: KeyLike, kid: string, claims = validClaims()) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);

  beforeAll(async () => {
    keyA = await newKey('key-a');
    jwks = { keys: [keyA.jwk] };
    server = createServer((req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const booted = await boot({ AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks` });
    auth = booted.auth;
    expect(booted.keys.mode).toBe('jwks');
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('accepts an RS256 token signed by a key in the JWKS', async () => {
    const identity = await auth.authenticate(request(`Bearer ${await rs256(keyA.privateKey, 'key-a')}`));
    expect(identity).toMatchObject({ agentId: 'agent-1', scopes: new Set(['context:read', 'customers:read']) });
  });

  it('refuses an HS256 token (no HS/RS confusion), even one keyed with the public key', async () => {
    const plain = await hs256(validClaims());
    expect((await authError(auth.authenticate(request(`Bearer ${plain}`)))).oauthError).toBe('invalid_token');
    const pem = new TextEncoder().encode(JSON.stringify(keyA.jwk));
    const confused = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256', kid: 'key-a' }).sign(pem);
    expect((await authError(auth.authenticate(request(`Bearer ${confused}`)))).oauthError).toBe('invalid_token');
  });

  it('refuses an alg:none token', async () => {
    const token = `${b64url({ alg: 'none', kid: 'key-a' })}.${b64url(validClaims())}.`;
    expect((await authError(auth.authenticate(request(`Bearer ${token}`)))).oauthError).toBe('invalid_token');
  });

  it('refuses a token signed by a key that only claims a known kid', async () => {
    const impostor = await newKey('key-a');
    expect((await authError(auth.authenticate(request(`Bearer ${await rs256(impostor.privateKey, 'key-a')}`)))).reason).toMatch(
      /invalid signature/,
    );
  });

  it('rotates keys without a restart: an unknown kid fails until the JWKS publishes it', async () => {
    const keyB = await newKey('key-b');
    const token = await rs256(keyB.privateKey, 'key-b', validClaims({ sub: 'rotated' }));

    const before = fetches;
    await authError(auth.authenticate(request(`Bearer ${token}`)));
    expect(fetches).toBeGreaterThan(before); // the unknown kid made it look again

    jwks = { keys: [keyA.jwk, keyB.jwk] };
    const identity = await auth.authenticate(request(`Bearer ${token}`));
    expect(identity.agentId).toBe('rotated');
    // the old key still works during the overlap
    expect((await auth.authenticate(request(`Bearer ${await rs256(keyA.privateKey, 'key-a', validClaims({ sub: 'old' }))}`))).agentId).toBe(
      'old',
    );
  });
});
