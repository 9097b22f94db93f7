/**
 * Break-in: scope escalation and cross-agent access. An agent sees and calls only what its
 * scopes allow (refusals are audited); another agent's contexts and sessions are
 * indistinguishable from ones that never existed.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AuditService } from '../../src/audit/audit.service';
import { postMcp, RawSocket, startTestServer, type TestServer } from '../support/test-server';
import {
  agent,
  type Canary,
  expectServedAndNothingLost,
  httpSession,
  normalizeError,
  openSession,
  plantCanary,
  tryUpgrade,
  within,
} from './support';

const TICKET_ARGS = { customerId: 'cus_001', subject: 'escalation attempt', priority: 'high', idempotencyKey: 'k-1' };

describe('break-in: scope escalation', () => {
  let server: TestServer;
  let canary: Canary;
  let db: Client;

  beforeAll(async () => {
    server = await startTestServer();
    canary = await plantCanary(server);
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    if (canary) await expectServedAndNothingLost(server, canary);
    await db?.end();
    await server?.close();
  });

  const ticketsWritten = async (agentId: string) =>
    Number((await db.query(`SELECT count(*) AS n FROM tool_call_audit WHERE agent_id = $1 AND outcome = 'ok'`, [agentId])).rows[0].n);

  it('without tickets:write, tickets_create is neither listed nor callable (WS -32003), and the refusal is audited', async () => {
    const agentId = agent('reader');
    const socket = await openSession(server, agentId, ['customers:read']);
    const names = (await socket.request(1, 'tools/list')).result.tools.map((t: { name: string }) => t.name);
    expect(names).toContain('customers_get');
    expect(names).not.toContain('tickets_create');
    const refused = await socket.request(2, 'tools/call', {
      name: 'tickets_create',
      arguments: TICKET_ARGS,
      _meta: { correlationId: `esc-ws-${agentId}` },
    });
    expect(refused.error).toMatchObject({ code: -32003, data: { requiredScopes: ['tickets:write'] } });
    socket.close();

    await server.app.get(AuditService).flush();
    const { rows } = await db.query(`SELECT tool, outcome, error_code FROM tool_call_audit WHERE correlation_id = $1`, [
      `esc-ws-${agentId}`,
    ]);
    expect(rows).toEqual([{ tool: 'tickets_create', outcome: 'refused', error_code: -32003 }]);
    expect(await ticketsWritten(agentId)).toBe(0);
  });

  it('over HTTP the same call is 403 with an insufficient_scope challenge naming the scope, and audited', async () => {
    const agentId = agent('reader-http');
    const headers = await httpSession(server, agentId, ['customers:read']);
    const reply = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'tickets_create', arguments: TICKET_ARGS } },
      { ...headers, 'X-Correlation-Id': `esc-http-${agentId}` },
    );
    expect(reply.status).toBe(403);
    const challenge = reply.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer resource_metadata="[^"]+"/);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="tickets:write"');
    expect(reply.body.error).toMatchObject({ code: -32003, data: { requiredScopes: ['tickets:write'] } });

    await server.app.get(AuditService).flush();
    const { rows } = await db.query(`SELECT outcome FROM tool_call_audit WHERE correlation_id = $1`, [`esc-http-${agentId}`]);
    expect(rows).toEqual([{ outcome: 'refused' }]);
  });

  it.each([
    ['look-alike scopes', ['tickets:writer', 'tickets:*', 'tickets', 'TICKETS:WRITE', 'tickets:write:all']],
    ['wildcards and admin words', ['*', 'admin', 'root', 'all', 'sessions:*', 'scope:all']],
    ['whitespace tricks', ['tickets:write\u00a0', '\ttickets:write', 'customers:read\ttickets:write', 'tickets:write\n']],
  ])('made-up scopes (%s) unlock nothing', async (_label, scopes) => {
    const agentId = agent('madeup');
    const socket = await openSession(server, agentId, ['customers:read', ...scopes]);
    const names = (await socket.request(1, 'tools/list')).result.tools.map((t: { name: string }) => t.name);
    expect(names).not.toContain('tickets_create');
    expect(names).not.toContain('analytics_query');
    expect((await socket.request(2, 'tools/call', { name: 'tickets_create', arguments: TICKET_ARGS })).error.code).toBe(-32003);
    expect((await socket.request(3, 'sessions/list', {})).error.code).toBe(-32003);
    socket.close();
    expect(await ticketsWritten(agentId)).toBe(0);
  });

  it('sessions/list needs sessions:admin (WS -32003, HTTP 403); with it, it lists other agents’ sessions', async () => {
    const plain = await openSession(server, agent('no-admin'), ['context:read', 'context:write', 'customers:read', 'tickets:write']);
    expect((await plain.request(1, 'sessions/list', {})).error).toMatchObject({
      code: -32003,
      data: { requiredScopes: ['sessions:admin'] },
    });
    plain.close();
    const headers = await httpSession(server, agent('no-admin-http'), ['context:read']);
    const http = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'sessions/list', params: {} }, headers);
    expect(http.status).toBe(403);
    expect(http.headers.get('www-authenticate')).toContain('scope="sessions:admin"');

    const target = agent('listed');
    const victim = await openSession(server, target, ['context:read']);
    const admin = await openSession(server, agent('admin'), ['sessions:admin']);
    const list = await admin.request(3, 'sessions/list', { agentId: target });
    expect(list.result.sessions).toEqual([expect.objectContaining({ agentId: target })]);
    victim.close();
    admin.close();
  });

  it('a scope-less token can still ping, but cannot read or write contexts', async () => {
    const socket = await openSession(server, agent('scopeless'), []);
    expect((await socket.request(1, 'ping')).result).toBeDefined();
    expect((await socket.request(2, 'context/get', {})).error.code).toBe(-32003);
    expect((await socket.request(3, 'context/update', { patch: { a: 1 } })).error.code).toBe(-32003);
    expect((await socket.request(4, 'tools/list')).result.tools).toEqual([]);
    socket.close();
  });
});

describe('break-in: another agent’s contexts and sessions', () => {
  let server: TestServer;
  let canary: Canary;
  let victim: RawSocket;
  let victimAgent: string;
  let victimSessionId: string;
  let ownContextId: string;
  let namedContextId: string;
  let attacker: RawSocket;

  beforeAll(async () => {
    server = await startTestServer();
    canary = await plantCanary(server);
    victimAgent = agent('victim');
    victim = await within(RawSocket.open(server.wsUrl, await server.token(victimAgent)), 5000, 'open');
    const init = await victim.initialize();
    victimSessionId = init.result._meta.sessionId;
    ownContextId = init.result._meta.contextId;
    expect(ownContextId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await victim.request('v1', 'context/update', { patch: { plan: 'secret plan', step: 1 } })).result.version).toBe(1);
    namedContextId = randomUUID();
    expect((await victim.request('v2', 'context/update', { contextId: namedContextId, patch: { other: true } })).result.version).toBe(1);
    attacker = await openSession(server, agent('attacker'));
  });
  afterAll(async () => {
    attacker?.close();
    if (victim) {
      // Nothing the attacker did changed the victim's contexts.
      const own = await victim.request('check-1', 'context/get', {});
      expect(own.result).toMatchObject({ version: 1, state: { plan: 'secret plan', step: 1 } });
      const named = await victim.request('check-2', 'context/get', { contextId: namedContextId });
      expect(named.result).toMatchObject({ version: 1, state: { other: true } });
      const history = await victim.request('check-3', 'context/history', {});
      expect(history.result.updates).toHaveLength(1);
      victim.close();
    }
    if (canary) await expectServedAndNothingLost(server, canary);
    await server?.close();
  });

  /**
   * Asks the same thing about the victim's id and a fresh one; the answers must be identical.
   * Writes are compared with a read of a fresh id instead: writing to a fresh UUID *creates* a
   * context (by design), so for writes "not found" is the answer an attacker gets for any id
   * that is taken — see docs/security.md, "What is not covered" (an existence oracle that
   * needs the 122-bit random id to begin with).
   */
  async function compare(method: string, params: (contextId: string) => unknown, reference?: [string, (id: string) => unknown]) {
    for (const target of [ownContextId, namedContextId]) {
      const nobody = randomUUID();
      const stolen = await attacker.request(`s-${method}`, method, params(target));
      const missing = await attacker.request(`s-${method}`, reference?.[0] ?? method, (reference?.[1] ?? params)(nobody));
      expect(stolen.result?.isError ?? stolen.error).toBeTruthy();
      expect(normalizeError(stolen, [target])).toEqual(normalizeError(missing, [nobody]));
      expect(JSON.stringify(stolen)).not.toContain('secret plan');
    }
  }

  it('context/get, context/history: not found, identical to a nonexistent id', async () => {
    await compare('context/get', (contextId) => ({ contextId }));
    await compare('context/history', (contextId) => ({ contextId }));
    const missing = await attacker.request('x', 'context/get', { contextId: randomUUID() });
    expect(missing.error.code).toBe(-32002);
  });

  it('context/update (with and without ifVersion) and the fire-and-forget notification: not found, nothing written', async () => {
    const read: [string, (id: string) => unknown] = ['context/get', (contextId) => ({ contextId })];
    await compare('context/update', (contextId) => ({ contextId, patch: { plan: 'hijacked' } }), read);
    await compare('context/update', (contextId) => ({ contextId, patch: { plan: 'hijacked' }, ifVersion: 1 }), read);
    attacker.send({
      jsonrpc: '2.0',
      method: 'notifications/context/update',
      params: { contextId: ownContextId, patch: { plan: 'hijacked' } },
    });
    expect((await attacker.request('after-notify', 'ping')).result).toBeDefined();
  });

  it('the context_get / context_update tools: the same answer as for a nonexistent id', async () => {
    await compare('tools/call', (contextId) => ({ name: 'context_get', arguments: { contextId } }));
    await compare('tools/call', (contextId) => ({ name: 'context_update', arguments: { contextId, patch: { plan: 'hijacked' } } }), [
      'tools/call',
      (contextId) => ({ name: 'context_get', arguments: { contextId } }),
    ]);
  });

  it('resources/read and resources/subscribe on context://<victim’s id>: not found, identical to a nonexistent id', async () => {
    await compare('resources/read', (contextId) => ({ uri: `context://${contextId}` }));
    await compare('resources/subscribe', (contextId) => ({ uri: `context://${contextId}` }));
  });

  it('resuming the victim’s session over HTTP (POST, GET, DELETE) → 404 identical to a nonexistent session', async () => {
    const auth = { Authorization: `Bearer ${await server.token(agent('thief'))}` };
    const ping = { jsonrpc: '2.0', id: 1, method: 'context/get', params: {} };
    const stolen = await postMcp(server.mcpUrl, ping, { ...auth, 'Mcp-Session-Id': victimSessionId });
    const unknown = await postMcp(server.mcpUrl, ping, { ...auth, 'Mcp-Session-Id': randomUUID() });
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual(unknown.body);
    expect(JSON.stringify(stolen.body)).not.toContain('secret plan');
    for (const method of ['GET', 'DELETE']) {
      const headers = { ...auth, Accept: 'text/event-stream' };
      const a = await fetch(server.mcpUrl, { method, headers: { ...headers, 'Mcp-Session-Id': victimSessionId } });
      const b = await fetch(server.mcpUrl, { method, headers: { ...headers, 'Mcp-Session-Id': randomUUID() } });
      expect(a.status).toBe(404);
      expect(await a.text()).toEqual(await b.text());
      await b.body?.cancel().catch(() => undefined);
    }
    // The DELETE did not end the victim's session.
    expect((await victim.request('still-mine', 'ping')).result).toBeDefined();
  });

  it('resuming the victim’s session on the WebSocket upgrade → 404 identical to a nonexistent session', async () => {
    const auth = { Authorization: `Bearer ${await server.token(agent('thief-ws'))}` };
    const stolen = await tryUpgrade(server, { ...auth, 'Mcp-Session-Id': victimSessionId });
    const unknown = await tryUpgrade(server, { ...auth, 'Mcp-Session-Id': randomUUID() });
    const garbage = await tryUpgrade(server, { ...auth, 'Mcp-Session-Id': "' OR 1=1 --" });
    expect(stolen.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(garbage.status).toBe(404);
    // The owner can still resume it.
    const again = await within(
      RawSocket.open(server.wsUrl, await server.token(victimAgent), { 'Mcp-Session-Id': victimSessionId }),
      5000,
      'resume',
    );
    expect((await again.request(1, 'context/get', {})).result).toMatchObject({ contextId: ownContextId, version: 1 });
    again.close();
  });

  it('a fresh UUID as contextId creates a context owned by the caller — never a way into an existing one', async () => {
    const fresh = randomUUID();
    const created = await attacker.request('own', 'context/update', { contextId: fresh, patch: { mine: true } });
    expect(created.result).toMatchObject({ contextId: fresh, version: 1 });
    const viaVictim = await victim.request('peek', 'context/get', { contextId: fresh });
    expect(viaVictim.error.code).toBe(-32002);
  });
});
