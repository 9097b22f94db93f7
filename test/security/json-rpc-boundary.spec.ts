/**
 * Property test of the JSON-RPC boundary (in-process, no server): whatever text arrives as a
 * frame, `parseFrame` + `McpDispatcher.dispatch` answer with nothing (a notification or a
 * client response) or with one well-formed JSON-RPC response carrying a code the spec (or
 * Switchboard's documented range) names — never a throw, never -32603.
 */
import type { AuditRepository } from '../../src/audit/audit.repository';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import type { AgentIdentity } from '../../src/auth/agent-identity';
import { loadConfig } from '../../src/config/app-config';
import type { ContextService } from '../../src/context/context.service';
import type { SessionService } from '../../src/context/session.service';
import { SessionChannels } from '../../src/events/session-channels.service';
import { RateLimiter } from '../../src/limits/rate-limiter.service';
import { JsonLogger } from '../../src/observability/json-logger.service';
import { NoopTelemetry } from '../../src/observability/mcp-telemetry';
import { ContextHandlers } from '../../src/protocol/handlers/context.handlers';
import { LifecycleHandlers } from '../../src/protocol/handlers/lifecycle.handlers';
import { SessionsHandlers } from '../../src/protocol/handlers/sessions.handlers';
import { MAX_JSON_DEPTH, parseFrame } from '../../src/protocol/json-rpc-frame';
import { McpDispatcher } from '../../src/protocol/mcp-dispatcher.service';
import { ErrorCode } from '../../src/protocol/mcp-error';
import { ServerRequests } from '../../src/protocol/server-requests.service';
import { SessionRequests } from '../../src/protocol/session-requests';
import { TracingService } from '../../src/observability/tracing/tracing.service';
import { FakeConnection, SESSION } from '../support/fake-connection';

const identity = (scopes: string[]): AgentIdentity => ({
  agentId: 'agent-1',
  scopes: new Set(scopes),
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
});

const sessions = {
  open: async (input: { protocolVersion: string }) => ({ ...SESSION, protocolVersion: input.protocolVersion }),
  list: async () => ({ sessions: [] }),
} as unknown as SessionService;

const contexts = {
  update: async (_caller: unknown, p: { contextId?: string }) => ({ contextId: p.contextId ?? SESSION.contextId, version: 1 }),
  get: async (_caller: unknown, contextId?: string) => ({
    contextId: contextId ?? SESSION.contextId,
    version: 1,
    state: {},
    updatedAt: new Date(0).toISOString(),
  }),
  history: async (_caller: unknown, p: { contextId?: string }) => ({ contextId: p.contextId ?? SESSION.contextId, updates: [] }),
} as unknown as ContextService;

const config = loadConfig({ NODE_ENV: 'test', RATE_LIMIT_RPS: '0', MAX_INFLIGHT_PER_CONNECTION: '1000' });
const dispatcher = new McpDispatcher(
  [
    new LifecycleHandlers(sessions, new NoopTelemetry(), new SessionChannels(), new SessionRequests()),
    new ContextHandlers(contexts),
    new SessionsHandlers(sessions, new JsonLogger('silent'), { recent: async () => [] } as unknown as AuditRepository),
  ],
  new NoopTelemetry(),
  new ServerRequests(),
  new SessionRequests(),
  new RateLimiter(config),
  config,
  new TracingService(config),
);

/** Every code Switchboard may answer with, except -32603 (which would mean a handler broke). */
const EXPECTED_CODES = new Set<number>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.InternalError));

function expectWellFormedResponse(response: unknown, sent: unknown): void {
  expect(typeof response).toBe('object');
  const r = response as Record<string, any>;
  expect(r.jsonrpc).toBe('2.0');
  expect(typeof r.id === 'string' || (typeof r.id === 'number' && Number.isFinite(r.id)) || r.id === null).toBe(true);
  expect('result' in r !== 'error' in r).toBe(true);
  if ('error' in r) {
    expect(Number.isInteger(r.error.code)).toBe(true);
    expect(EXPECTED_CODES.has(r.error.code)).toBe(true);
    expect(typeof r.error.message).toBe('string');
  } else {
    expect(typeof r.result === 'object' && r.result !== null && !Array.isArray(r.result)).toBe(true);
  }
  // A request with a usable id gets its id back (or null when the envelope itself was refused).
  const sentId = (sent as { id?: unknown } | null)?.id;
  if (r.id !== null) expect(r.id).toEqual(sentId);
  // It must serialize (no cycles, no BigInt) and survive a round trip unchanged.
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}

async function answer(text: string, scopes: string[], session: boolean) {
  const parsed = parseFrame(text);
  if (!parsed.ok) return { response: parsed.error, sent: undefined, parsedOk: false };
  const connection = new FakeConnection('websocket', identity(scopes), SESSION.id);
  if (session) connection.session = SESSION;
  return { response: await dispatcher.dispatch(parsed.message, connection), sent: parsed.message, parsedOk: true };
}

// Keys biased towards what the handlers look at, plus prototype-ish names. (`constructor` is
// left out: a nested `constructor` key is a known hole, pinned by an it.failing test in
// hostile-input.e2e-spec.ts.)
const key = fc.oneof(
  fc.constantFrom(
    'jsonrpc',
    'id',
    'method',
    'params',
    '_meta',
    'contextId',
    'patch',
    'ifVersion',
    'cursor',
    'limit',
    'agentId',
    'protocolVersion',
    'capabilities',
    'clientInfo',
    'level',
    'requestId',
    'prototype',
    '__proto',
    'toJSON',
  ),
  fc.string({ maxLength: 8 }),
);
const { value: jsonish } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, 1, -1, 1.5, 2 ** 53 + 2, 1e308, '', '2.0', '2025-11-25', SESSION.contextId, 'not-a-uuid'),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
}));
const method = fc.oneof(
  fc.constantFrom(
    'initialize',
    'ping',
    'context/get',
    'context/update',
    'context/history',
    'notifications/context/update',
    'sessions/list',
    'logging/setLevel',
    'notifications/cancelled',
    'notifications/initialized',
    'tools/call',
    'rpc.discover',
    '',
  ),
  fc.string({ maxLength: 12 }),
  jsonish,
);
const message = fc.record(
  {
    jsonrpc: fc.oneof({ weight: 5, arbitrary: fc.constant('2.0') }, { weight: 1, arbitrary: jsonish }),
    id: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), jsonish),
    method,
    params: fc.oneof(fc.dictionary(key, jsonish, { maxKeys: 5 }), jsonish),
    result: jsonish,
  },
  { requiredKeys: [] },
);
const scopes = fc.subarray(['context:read', 'context:write', 'sessions:admin', 'customers:read']);

describe('property: the JSON-RPC boundary', () => {
  beforeAll(() => {
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const)
      jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  it('JSON-RPC-shaped messages: undefined or a well-formed response, never a throw, never -32603', async () => {
    await fc.assert(
      fc.asyncProperty(message, scopes, fc.boolean(), async (msg, granted, session) => {
        const { response, sent } = await answer(JSON.stringify(msg), granted, session);
        if (response !== undefined) expectWellFormedResponse(response, sent);
        else
          expect(
            typeof (sent as { method?: unknown }).method === 'string' ||
              !('id' in (sent as object)) ||
              'result' in (sent as object) ||
              'error' in (sent as object),
          ).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary JSON values and arbitrary strings: parse error, refusal or answer — never a throw', async () => {
    const frame = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.string({ maxLength: 200 }),
      fc.fullUnicodeString({ maxLength: 60 }),
      fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        const { response, sent, parsedOk } = await answer(text, ['context:read', 'context:write'], true);
        if (!parsedOk)
          expect([ErrorCode.ParseError, ErrorCode.InvalidRequest]).toContain((response as { error: { code: number } }).error.code);
        if (response !== undefined) expectWellFormedResponse(response, sent);
      }),
      { numRuns: 400 },
    );
  });

  it('a forbidden key anywhere (plain or \\u-escaped) is refused with -32600 naming its path, before dispatch', () => {
    const escape = (k: string) => k.replace(/_/g, '\\u005f');
    fc.assert(
      fc.property(fc.json({ maxDepth: 3 }), fc.constantFrom('__proto__', 'constructor'), fc.boolean(), (inner, forbidden, escaped) => {
        const k = escaped ? escape(forbidden) : forbidden;
        const value = forbidden === 'constructor' ? `{"prototype":${inner}}` : inner;
        const text = `{"jsonrpc":"2.0","id":7,"method":"context/update","params":{"patch":{"a":[{"${k}":${value}}]}}}`;
        const parsed = parseFrame(text);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) {
          expect(parsed.error).toMatchObject({
            id: 7,
            error: { code: -32600, data: { path: expect.stringContaining('params.patch.a[0]') } },
          });
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('nesting: exactly MAX_JSON_DEPTH parses, one more is refused, whatever the mix of [ and {', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: MAX_JSON_DEPTH, maxLength: MAX_JSON_DEPTH + 1 }), (kinds) => {
        const open = kinds.map((obj) => (obj ? '{"k":' : '[')).join('');
        const close = [...kinds]
          .reverse()
          .map((obj) => (obj ? '}' : ']'))
          .join('');
        const result = parseFrame(`${open}1${close}`);
        if (kinds.length > MAX_JSON_DEPTH) expect(result).toMatchObject({ ok: false, error: { error: { code: -32600 } } });
        else expect(result.ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
