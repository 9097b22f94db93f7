import { Logger } from '@nestjs/common';
import type { AgentIdentity } from '../auth/agent-identity';
import { NoopTelemetry, type RequestCompleted } from '../observability/mcp-telemetry';
import type { SessionService } from '../context/session.service';
import { SessionChannels } from '../events/session-channels.service';
import { LifecycleHandlers } from './handlers/lifecycle.handlers';
import { loadConfig } from '../config/app-config';
import { RateLimiter } from '../limits/rate-limiter.service';
import { McpDispatcher } from './mcp-dispatcher.service';
import { McpError } from './mcp-error';
import type { McpCall, McpMethodProvider, MethodDefinition } from './method-definition';
import { ServerRequests } from './server-requests.service';
import { SessionRequests } from './session-requests';
import { TracingService } from '../observability/tracing/tracing.service';
import { FakeConnection, SESSION } from '../../test/support/fake-connection';

function identity(...scopes: string[]): AgentIdentity {
  return { agentId: 'agent-1', scopes: new Set(scopes), expiresAt: Math.floor(Date.now() / 1000) + 3600 };
}

function connection(options: { scopes?: string[]; session?: boolean; correlationId?: string } = {}): FakeConnection {
  const conn = new FakeConnection('websocket', identity(...(options.scopes ?? [])), undefined, options.correlationId);
  if (options.session !== false) conn.session = SESSION;
  return conn;
}

class RecordingTelemetry extends NoopTelemetry {
  readonly requests: RequestCompleted[] = [];
  override requestCompleted(event: RequestCompleted): void {
    this.requests.push(event);
  }
  readonly sessions: string[] = [];
  override sessionOpened(transport: string): void {
    this.sessions.push(transport);
  }
}

const testConfig = loadConfig({ NODE_ENV: 'test', RATE_LIMIT_RPS: '0' });
const newDispatcher = (providers: McpMethodProvider[], telemetry = new RecordingTelemetry()) =>
  new McpDispatcher(
    providers,
    telemetry,
    new ServerRequests(),
    new SessionRequests(),
    new RateLimiter(testConfig),
    testConfig,
    new TracingService(testConfig),
  );

const provider = (...definitions: MethodDefinition<any>[]): McpMethodProvider => ({ methods: () => definitions });
const method = (name: string, overrides: Partial<MethodDefinition<any>> = {}): MethodDefinition<any> => ({
  method: name,
  parse: (message) => (message.params ?? {}) as Record<string, unknown>,
  needsSession: true,
  run: (params) => ({ echo: params }),
  ...overrides,
});

const request = (id: unknown, name: string, params?: unknown) => ({
  jsonrpc: '2.0',
  id,
  method: name,
  ...(params !== undefined && { params }),
});

describe('McpDispatcher', () => {
  let errorLog: jest.SpyInstance;
  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  describe('JSON-RPC batches (2025-03-26 sessions only)', () => {
    const dispatcher = newDispatcher([provider(method('echo'), method('note'))]);
    const batchConnection = (protocolVersion: string | undefined) => {
      const conn = connection({ session: protocolVersion !== undefined });
      if (protocolVersion) conn.session = { ...SESSION, protocolVersion };
      return conn;
    };

    it('answers each request of the batch, none of its notifications, each as if it came alone', async () => {
      const answers = await dispatcher.dispatchBatch(
        [
          request(1, 'echo', { a: 1 }),
          { jsonrpc: '2.0', method: 'note' },
          request('two', 'missing'),
          [request(3, 'echo')],
          request(4, 'echo', { b: 2 }),
        ],
        batchConnection('2025-03-26'),
      );
      expect(answers).toEqual([
        { jsonrpc: '2.0', id: 1, result: expect.objectContaining({ echo: { a: 1 } }) },
        { jsonrpc: '2.0', id: 'two', error: expect.objectContaining({ code: -32601 }) },
        { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request: expected a JSON-RPC object' } },
        { jsonrpc: '2.0', id: 4, result: expect.objectContaining({ echo: { b: 2 } }) },
      ]);
    });

    it('gives no answer to a batch of notifications only', async () => {
      const conn = batchConnection('2025-03-26');
      expect(
        await dispatcher.dispatchBatch(
          [
            { jsonrpc: '2.0', method: 'note' },
            { jsonrpc: '2.0', method: 'note' },
          ],
          conn,
        ),
      ).toBeUndefined();
    });

    it('refuses the whole batch, with one -32600 saying why, in later revisions, without a session, empty, or holding initialize', async () => {
      const cases: Array<[string | undefined, unknown[], RegExp]> = [
        ['2025-06-18', [request(1, 'echo')], /batches are part of MCP 2025-03-26 only \(this session uses 2025-06-18\)/],
        ['2025-11-25', [request(1, 'echo')], /this session uses 2025-11-25/],
        [undefined, [request(1, 'echo')], /2025-03-26 only \(no session\)/],
        ['2025-03-26', [], /an empty JSON-RPC batch/],
        ['2025-03-26', [request(1, 'echo'), request(2, 'initialize')], /initialize must not be part of a JSON-RPC batch/],
      ];
      for (const [version, batch, message] of cases) {
        const answer = await dispatcher.dispatchBatch(batch, batchConnection(version));
        expect(answer).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringMatching(message) } });
      }
    });
  });

  describe('JSON-RPC shape', () => {
    const dispatcher = newDispatcher([provider(method('echo'))]);

    it.each([null, 'text', 42, true])('non-object %j → -32600 with id null', async (message) => {
      const response = await dispatcher.dispatch(message, connection());
      expect(response).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
    });

    it('an array where one message belongs (a batch member that is a batch) → -32600', async () => {
      const response = await dispatcher.dispatch([request(1, 'echo')], connection());
      expect(response).toMatchObject({ id: null, error: { code: -32600, message: 'Invalid request: expected a JSON-RPC object' } });
    });

    it.each([null, {}, [1], Infinity, NaN, true])('id %p → -32600', async (id) => {
      const response = await dispatcher.dispatch(request(id, 'echo'), connection());
      expect(response).toMatchObject({ id: null, error: { code: -32600, message: expect.stringContaining('id must be') } });
    });

    it('jsonrpc other than "2.0" → -32600 carrying the id', async () => {
      const response = await dispatcher.dispatch({ jsonrpc: '1.0', id: 9, method: 'echo' }, connection());
      expect(response).toMatchObject({ id: 9, error: { code: -32600, message: expect.stringContaining('"2.0"') } });
    });

    it('a missing method → -32600', async () => {
      const response = await dispatcher.dispatch({ jsonrpc: '2.0', id: 2 }, connection());
      expect(response).toMatchObject({ id: 2, error: { code: -32600, message: expect.stringContaining('method') } });
    });

    it('a client response (result without method) is not answered', async () => {
      expect(await dispatcher.dispatch({ jsonrpc: '2.0', id: 2, result: {} }, connection())).toBeUndefined();
    });

    it('an unknown method → -32601 naming it', async () => {
      const response = await dispatcher.dispatch(request('a', 'nope/nothing'), connection());
      expect(response).toMatchObject({
        id: 'a',
        error: { code: -32601, message: 'Method not found: nope/nothing', data: { method: 'nope/nothing' } },
      });
    });

    it('string and numeric ids are echoed as given', async () => {
      expect(await dispatcher.dispatch(request('x-1', 'echo'), connection())).toMatchObject({ id: 'x-1', result: {} });
      expect(await dispatcher.dispatch(request(0, 'echo'), connection())).toMatchObject({ id: 0, result: {} });
    });
  });

  describe('gates', () => {
    it('a method that needs a session refuses before initialize with -32600 mentioning initialize', async () => {
      const run = jest.fn(() => ({}));
      const dispatcher = newDispatcher([provider(method('tools/list', { run }))]);
      const response = await dispatcher.dispatch(request(1, 'tools/list'), connection({ session: false }));
      expect(response).toMatchObject({ id: 1, error: { code: -32600, message: expect.stringContaining('initialize') } });
      expect(run).not.toHaveBeenCalled();
    });

    it('a method without needsSession runs without a session', async () => {
      const dispatcher = newDispatcher([provider(method('ping', { needsSession: false, run: () => ({}) }))]);
      expect(await dispatcher.dispatch(request(1, 'ping'), connection({ session: false }))).toMatchObject({ id: 1, result: {} });
    });

    it('a missing scope → -32003 listing requiredScopes, and the handler never runs', async () => {
      const run = jest.fn(() => ({}));
      const dispatcher = newDispatcher([provider(method('sessions/list', { scopes: ['sessions:admin'], run }))]);
      const response = await dispatcher.dispatch(request(1, 'sessions/list'), connection({ scopes: ['context:read'] }));
      expect(response).toMatchObject({ id: 1, error: { code: -32003, data: { requiredScopes: ['sessions:admin'] } } });
      expect(run).not.toHaveBeenCalled();
      const allowed = await dispatcher.dispatch(request(2, 'sessions/list'), connection({ scopes: ['sessions:admin'] }));
      expect(allowed).toMatchObject({ id: 2, result: {} });
    });
  });

  describe('errors', () => {
    it("a params parser's McpError(-32602) reaches the client as is", async () => {
      const parse = () => {
        throw McpError.invalidParams('Invalid params: params.name: Required', { issues: ['params.name: Required'] });
      };
      const dispatcher = newDispatcher([provider(method('tools/call', { parse }))]);
      const response = await dispatcher.dispatch(request(1, 'tools/call', {}), connection());
      expect(response).toMatchObject({
        id: 1,
        error: { code: -32602, message: 'Invalid params: params.name: Required', data: { issues: ['params.name: Required'] } },
      });
    });

    it('a plain Error becomes -32603 with the correlation id and without the original text', async () => {
      const dispatcher = newDispatcher([
        provider(method('boom', { run: () => Promise.reject(new Error('relation "secret_table" does not exist')) })),
      ]);
      const response = await dispatcher.dispatch(request(1, 'boom', { _meta: { correlationId: 'corr-42' } }), connection());
      expect(response).toMatchObject({ id: 1, error: { code: -32603, data: { correlationId: 'corr-42' } } });
      const text = JSON.stringify(response);
      expect(text).toContain('Internal error (correlation id corr-42)');
      expect(text).not.toContain('secret_table');
      // ...but the operator can find it in the log by correlation id.
      expect(errorLog).toHaveBeenCalledWith(
        expect.objectContaining({
          correlationId: 'corr-42',
          err: expect.objectContaining({ message: expect.stringContaining('secret_table') }),
        }),
      );
    });

    it('the connection stays usable after a failure', async () => {
      let fail = true;
      const dispatcher = newDispatcher([
        provider(
          method('flaky', {
            run: () => {
              if (fail) throw new Error('x');
              return { ok: true };
            },
          }),
        ),
      ]);
      const conn = connection();
      expect(await dispatcher.dispatch(request(1, 'flaky'), conn)).toMatchObject({ error: { code: -32603 } });
      fail = false;
      expect(await dispatcher.dispatch(request(2, 'flaky'), conn)).toMatchObject({ id: 2, result: { ok: true } });
      expect(conn.inFlight.size).toBe(0);
    });
  });

  describe('notifications', () => {
    it('run their handler and never produce a response, even when the handler fails', async () => {
      const run = jest.fn(() => {
        throw new Error('broken');
      });
      const dispatcher = newDispatcher([provider(method('notifications/thing', { notification: true, needsSession: false, run }))]);
      expect(await dispatcher.dispatch({ jsonrpc: '2.0', method: 'notifications/thing', params: { a: 1 } }, connection())).toBeUndefined();
      expect(run).toHaveBeenCalledWith({ a: 1 }, expect.anything());
    });

    it('are not answered when gated (no session, missing scope)', async () => {
      const run = jest.fn(() => ({}));
      const dispatcher = newDispatcher([provider(method('notifications/x', { notification: true, scopes: ['admin'], run }))]);
      expect(await dispatcher.dispatch({ jsonrpc: '2.0', method: 'notifications/x' }, connection({ session: false }))).toBeUndefined();
      expect(await dispatcher.dispatch({ jsonrpc: '2.0', method: 'notifications/x' }, connection())).toBeUndefined();
      expect(run).not.toHaveBeenCalled();
    });

    it('unknown notifications are ignored', async () => {
      const dispatcher = newDispatcher([provider(method('echo'))]);
      expect(await dispatcher.dispatch({ jsonrpc: '2.0', method: 'notifications/unknown' }, connection())).toBeUndefined();
      // a request method sent as a notification is not run either
      expect(await dispatcher.dispatch({ jsonrpc: '2.0', method: 'echo' }, connection())).toBeUndefined();
    });

    it('a notification method called as a request → -32601', async () => {
      const dispatcher = newDispatcher([provider(method('notifications/x', { notification: true }))]);
      expect(await dispatcher.dispatch(request(1, 'notifications/x'), connection())).toMatchObject({ error: { code: -32601 } });
    });
  });

  describe('correlation id', () => {
    const dispatcher = newDispatcher([
      provider(method('echo', { run: (_p, call: McpCall) => ({ seen: call.correlationId, _meta: { extra: 1 } }) })),
    ]);

    it('echoes _meta.correlationId in the result _meta, beside the handler’s own _meta', async () => {
      const response = await dispatcher.dispatch(request(1, 'echo', { _meta: { correlationId: 'abc.DEF:1-2_3' } }), connection());
      expect(response).toMatchObject({ result: { seen: 'abc.DEF:1-2_3', _meta: { extra: 1, correlationId: 'abc.DEF:1-2_3' } } });
    });

    it.each(['has spaces', 'x'.repeat(129), '', 'semi;colon', 42])('replaces invalid %j with a generated one', async (bad) => {
      const response = (await dispatcher.dispatch(request(1, 'echo', { _meta: { correlationId: bad } }), connection())) as unknown as {
        result: { _meta: { correlationId: string } };
      };
      expect(response.result._meta.correlationId).not.toBe(bad);
      expect(response.result._meta.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('falls back to the transport’s correlation id (X-Correlation-Id)', async () => {
      const response = await dispatcher.dispatch(request(1, 'echo'), connection({ correlationId: 'from-header' }));
      expect(response).toMatchObject({ result: { _meta: { correlationId: 'from-header' } } });
    });

    it('generates a fresh one per request otherwise', async () => {
      const a = (await dispatcher.dispatch(request(1, 'echo'), connection())) as unknown as {
        result: { _meta: { correlationId: string } };
      };
      const b = (await dispatcher.dispatch(request(2, 'echo'), connection())) as unknown as {
        result: { _meta: { correlationId: string } };
      };
      expect(a.result._meta.correlationId).not.toBe(b.result._meta.correlationId);
    });
  });

  describe('cancellation through LifecycleHandlers', () => {
    const sessions = { open: jest.fn() } as unknown as SessionService;

    it('notifications/cancelled aborts the in-flight request’s signal with the reason', async () => {
      let seen: AbortSignal | undefined;
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const slow = method('slow', {
        run: (_params, call: McpCall) =>
          new Promise((resolve) => {
            seen = call.signal;
            started();
            call.signal.addEventListener('abort', () => resolve({ aborted: String((call.signal.reason as Error).message) }));
          }),
      });
      const dispatcher = newDispatcher([
        new LifecycleHandlers(sessions, new NoopTelemetry(), new SessionChannels(), new SessionRequests()),
        provider(slow),
      ]);
      const conn = connection();
      const pending = dispatcher.dispatch(request('r1', 'slow'), conn);
      await running;
      expect(seen?.aborted).toBe(false);
      expect(dispatcher.activeRequests).toBe(1);

      const other = await dispatcher.dispatch(
        { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'someone-else', reason: 'x' } },
        conn,
      );
      expect(other).toBeUndefined();
      expect(seen?.aborted).toBe(false);

      await dispatcher.dispatch(
        { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'r1', reason: 'user pressed stop' } },
        conn,
      );
      expect(seen?.aborted).toBe(true);
      expect(await pending).toMatchObject({ id: 'r1', result: { aborted: 'user pressed stop' } });
      expect(conn.inFlight.size).toBe(0);
      expect(await dispatcher.whenIdle(10)).toBe(true);
    });

    it('initialize is refused when the connection already has a session', async () => {
      const dispatcher = newDispatcher([
        new LifecycleHandlers(sessions, new NoopTelemetry(), new SessionChannels(), new SessionRequests()),
      ]);
      const response = await dispatcher.dispatch(
        request(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } }),
        connection(),
      );
      expect(response).toMatchObject({ id: 1, error: { code: -32600, message: expect.stringContaining('already initialized') } });
      expect(sessions.open).not.toHaveBeenCalled();
    });

    it('initialize opens a session, negotiates the version and returns the session id', async () => {
      const telemetry = new RecordingTelemetry();
      const channels = new SessionChannels();
      const open = jest.fn(async (input: { protocolVersion: string }) => ({ ...SESSION, protocolVersion: input.protocolVersion }));
      const dispatcher = newDispatcher([
        new LifecycleHandlers({ open } as unknown as SessionService, telemetry, channels, new SessionRequests()),
      ]);
      const conn = connection({ session: false });
      const response = await dispatcher.dispatch(
        request(1, 'initialize', { protocolVersion: '2099-01-01', capabilities: {}, clientInfo: { name: 't', version: '1' } }),
        conn,
      );
      expect(response).toMatchObject({ result: { protocolVersion: '2025-11-25', _meta: { sessionId: SESSION.id } } });
      expect(open).toHaveBeenCalledWith(expect.objectContaining({ agentId: 'agent-1', transport: 'websocket' }));
      expect(conn.session?.id).toBe(SESSION.id);
      expect(telemetry.sessions).toEqual(['websocket']);
      expect(channels.has(SESSION.id)).toBe(true); // server notifications can now reach this WebSocket
    });
  });

  it('reports each request to telemetry with its outcome and error code', async () => {
    const telemetry = new RecordingTelemetry();
    const dispatcher = newDispatcher([provider(method('echo'))], telemetry);
    await dispatcher.dispatch(request(1, 'echo'), connection());
    await dispatcher.dispatch(request(2, 'missing'), connection());
    expect(telemetry.requests).toEqual([
      expect.objectContaining({ method: 'echo', transport: 'websocket', outcome: 'ok' }),
      expect.objectContaining({ method: 'missing', outcome: 'error', code: -32601 }),
    ]);
  });

  it('refuses to start when two providers register the same method', () => {
    expect(() => newDispatcher([provider(method('tools/list')), provider(method('tools/list'))])).toThrow(
      'MCP method tools/list registered twice',
    );
  });
});
