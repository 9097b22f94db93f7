/**
 * Shared helpers for the break-in suite (test/security). Not a spec file: Jest only runs
 * `*.spec.ts` / `*.e2e-spec.ts`.
 *
 * Every attack spec plants a "canary" before it attacks (a context written by an agent that
 * has nothing to do with the attack, acknowledged by the server) and checks at the end that
 * the server still serves a healthy, unrelated client and that the canary reads back at the
 * acknowledged version with the acknowledged state.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { postMcp, RawSocket, type TestServer } from '../support/test-server';

export const INIT_PARAMS = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'break-in', version: '1.0.0' } };
export const INIT = { jsonrpc: '2.0', id: 'init', method: 'initialize', params: INIT_PARAMS };

/** An agent id no other spec file (they run in parallel on one database) will use. */
export function agent(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Resolves to the value, or rejects after `ms` — every wait in this suite is bounded. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 20 ms until it returns true, for at most `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`${what}: not true within ${ms} ms`);
}

export interface UpgradeOutcome {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** Tries a WebSocket upgrade; returns the refusal's status and headers (101 when it opened, then closes). */
export async function tryUpgrade(server: TestServer, headers: Record<string, string>): Promise<UpgradeOutcome> {
  try {
    const socket = await within(RawSocket.open(server.wsUrl, undefined, headers), 5000, 'upgrade');
    socket.close();
    return { status: 101, headers: {} };
  } catch (err) {
    const e = err as { status?: number; headers?: UpgradeOutcome['headers'] };
    if (e.status === undefined) throw err;
    return { status: e.status, headers: e.headers ?? {} };
  }
}

/** POSTs exact bytes to /mcp (postMcp only takes strings); optional chunked encoding (no Content-Length). */
export function rawPost(
  url: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
  options: { chunked?: boolean } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; body: any }> {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return within(
    new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json, text/event-stream',
            ...(options.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': payload.length }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (options.chunked) {
        // Several chunks, so the server cannot learn the size from a header.
        for (let i = 0; i < payload.length; i += 16 * 1024) req.write(payload.subarray(i, i + 16 * 1024));
        req.end();
      } else req.end(payload);
    }),
    10_000,
    'POST /mcp',
  );
}

/** Opens an initialized WebSocket session for `agentId`. */
export async function openSession(
  server: TestServer,
  agentId: string,
  scopes?: readonly string[],
  ttlSeconds?: number,
): Promise<RawSocket> {
  const socket = await within(RawSocket.open(server.wsUrl, await server.token(agentId, scopes, ttlSeconds)), 5000, 'open');
  const init = await socket.initialize();
  if (!init.result) throw new Error(`initialize failed: ${JSON.stringify(init)}`);
  return socket;
}

/** Initializes an HTTP session; returns its headers (Authorization + Mcp-Session-Id). */
export async function httpSession(server: TestServer, agentId: string, scopes?: readonly string[]): Promise<Record<string, string>> {
  const auth = { Authorization: `Bearer ${await server.token(agentId, scopes)}` };
  const reply = await postMcp(server.mcpUrl, INIT, auth);
  if (reply.status !== 200) throw new Error(`HTTP initialize failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return { ...auth, 'Mcp-Session-Id': reply.headers.get('mcp-session-id')! };
}

/** Removes what legitimately differs between two error answers (correlation ids, the id asked about). */
export function normalizeError(response: any, ids: string[] = []): any {
  let text = JSON.stringify(response);
  for (const id of ids) text = text.split(id).join('<ID>');
  const value = JSON.parse(text);
  if (value?.error?.data) delete value.error.data.correlationId;
  if (value?.result?._meta) delete value.result._meta.correlationId;
  return value;
}

export interface Canary {
  agentId: string;
  contextId: string;
  version: number;
  state: Record<string, unknown>;
}

/** Writes a context (three acknowledged updates) that no attack in the spec touches. */
export async function plantCanary(server: TestServer): Promise<Canary> {
  const agentId = agent('canary');
  const socket = await openSession(server, agentId, ['context:read', 'context:write']);
  try {
    const contextId = randomUUID();
    const secret = randomBytes(8).toString('hex');
    let version = 0;
    for (let i = 1; i <= 3; i++) {
      const reply = await socket.request(`w${i}`, 'context/update', { contextId, patch: { secret, step: i, nested: { [`k${i}`]: i } } });
      if (!reply.result) throw new Error(`canary write failed: ${JSON.stringify(reply)}`);
      version = reply.result.version;
    }
    return { agentId, contextId, version, state: { secret, step: 3, nested: { k1: 1, k2: 2, k3: 3 } } };
  } finally {
    socket.close();
  }
}

/**
 * After an attack: an unrelated agent is served over both transports (ping and a tool call),
 * and the canary reads back exactly as acknowledged.
 */
export async function expectServedAndNothingLost(server: TestServer, canary: Canary): Promise<void> {
  const bystander = agent('bystander');
  const socket = await openSession(server, bystander, ['customers:read', 'context:read', 'context:write']);
  try {
    expect((await socket.request('p', 'ping')).result).toBeDefined();
    const call = await socket.request('t', 'tools/call', { name: 'customers_get', arguments: { customerId: 'cus_001' } });
    expect(call.result?.structuredContent).toMatchObject({ id: 'cus_001' });
  } finally {
    socket.close();
  }
  const headers = await httpSession(server, agent('bystander-http'), ['customers:read']);
  const ping = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'ping' }, headers);
  expect(ping.status).toBe(200);
  expect(ping.body.result).toBeDefined();

  const owner = await openSession(server, canary.agentId, ['context:read']);
  try {
    const got = await owner.request('g', 'context/get', { contextId: canary.contextId });
    expect(got.result).toMatchObject({ contextId: canary.contextId, version: canary.version, state: canary.state });
  } finally {
    owner.close();
  }
}

/** Object.prototype must never gain properties from hostile input (the server runs in this process). */
export function expectPrototypeClean(): void {
  const probe: Record<string, unknown> = {};
  for (const key of ['polluted', 'isAdmin', 'scopes', 'agentId']) expect(probe[key]).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}
