import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { request } from 'node:http';
import WebSocket from 'ws';
import { KNOWN_BASE_SCOPES } from '../../src/auth/scopes';
import { signDevToken } from '../../src/auth/token-signer';
import { loadConfig } from '../../src/config/app-config';
import { JsonLogger } from '../../src/observability/json-logger.service';
import { type RunningServer, startServer } from '../../src/server';
import { scratchDir } from './scratch';

export const TEST_SECRET = 'test-secret-for-switchboard-e2e-0123456789abcdef';
export const TEST_AUDIENCE = 'https://switchboard.test/mcp';
export const ALL_SCOPES = [...KNOWN_BASE_SCOPES, 'customers:read', 'tickets:write', 'analytics:read', 'orders:read', 'workflows:run'];

export interface TestServer extends RunningServer {
  wsUrl: string;
  token(agentId: string, scopes?: readonly string[], ttlSeconds?: number): Promise<string>;
}

/** Boots the real app on 127.0.0.1 with a free port against the test run's PostgreSQL. */
export async function startTestServer(
  env: Record<string, string> = {},
  extraModules: DynamicModule['imports'] = [],
  databaseUrl = process.env.DATABASE_URL,
): Promise<TestServer> {
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: run through Jest (test/support/global-setup.ts)');
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    AUTH_JWT_SECRET: TEST_SECRET,
    AUTH_AUDIENCE: TEST_AUDIENCE,
    RATE_LIMIT_RPS: '0',
    SWITCHBOARD_DATA_DIR: scratchDir('switchboard-e2e-'),
    ...env,
  });
  const server = await startServer({ config, databaseUrl, extraModules, logger: new JsonLogger(config.LOG_LEVEL) });
  return {
    ...server,
    wsUrl: server.mcpUrl.replace(/^http/, 'ws'),
    token: (agentId, scopes = ALL_SCOPES, ttlSeconds = 600) =>
      signDevToken({ secret: TEST_SECRET, agentId, scopes, audience: TEST_AUDIENCE, ttlSeconds }),
  };
}

/** A response (no `method`) to request `id`, or one the server could not tie to a request (id null). */
function isResponseTo(message: unknown, id: number | string): boolean {
  if (typeof message !== 'object' || message === null || 'method' in message) return false;
  const answered = (message as { id?: unknown }).id;
  return answered === id || answered === null;
}

/** A raw WebSocket for tests that need to send exactly what they mean. */
export class RawSocket {
  private readonly queue: unknown[] = [];
  private waiters: Array<{ accepts: (message: unknown) => boolean; take: (message: unknown) => void }> = [];
  closed?: { code: number; reason: string };

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as unknown;
      const index = this.waiters.findIndex((w) => w.accepts(message));
      if (index >= 0) this.waiters.splice(index, 1)[0].take(message);
      else this.queue.push(message);
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static open(url: string, token?: string, headers: Record<string, string> = {}): Promise<RawSocket> {
    const ws = new WebSocket(url, 'mcp', { headers: { ...(token && { Authorization: `Bearer ${token}` }), ...headers } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawSocket(ws)));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, headers: res.headers })),
      );
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message of any kind (response, notification or server request), in arrival order. */
  next(timeoutMs = 5000): Promise<any> {
    return this.nextWhere(() => true, timeoutMs);
  }

  /**
   * Sends a request and resolves with its response (or an error response with id null).
   * Notifications, server requests and other responses that arrive first stay queued for {@link next}.
   */
  async request(id: number | string, method: string, params?: unknown, timeoutMs?: number): Promise<any> {
    this.send({ jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) });
    return this.response(id, timeoutMs);
  }

  /** The response to request `id` (sent with {@link send}), leaving anything else queued. */
  response(id: number | string, timeoutMs?: number): Promise<any> {
    return this.nextWhere((m) => isResponseTo(m, id), timeoutMs);
  }

  /** Everything already queued or arriving until nothing has come for `quietMs`. */
  async drain(quietMs = 200): Promise<any[]> {
    const drained: any[] = [];
    for (;;) {
      const message = await this.next(quietMs).catch(() => undefined);
      if (message === undefined) return drained;
      drained.push(message);
    }
  }

  private nextWhere(accepts: (message: unknown) => boolean, timeoutMs = 5000): Promise<any> {
    const index = this.queue.findIndex(accepts);
    if (index >= 0) return Promise.resolve(this.queue.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = {
        accepts,
        take: (m: unknown) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no message within timeout (${timeoutMs} ms; ${this.queue.length} other message(s) queued)`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** initialize, then notifications/initialized; throws with the whole reply if initialize did not succeed. */
  async initialize(protocolVersion = '2025-11-25'): Promise<any> {
    const reply = await this.request('init', 'initialize', {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: 'raw-test', version: '1.0.0' },
    });
    if (!reply.result) throw new Error(`initialize failed: ${JSON.stringify(reply)}`);
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return reply;
  }

  waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.ws.once('close', (code, reason) => {
        clearTimeout(timer);
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * POSTs one JSON-RPC message to /mcp and returns status, headers and parsed body. Uses
 * node:http rather than fetch, which refuses to send a custom Host header.
 */
export function postMcp(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'Content-Length': Buffer.byteLength(payload),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* keep text */
          }
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(key, value);
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
