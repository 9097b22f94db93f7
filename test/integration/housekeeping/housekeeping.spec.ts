import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SessionService } from '../../../src/context/session.service';
import { HousekeepingService } from '../../../src/housekeeping/housekeeping.service';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';
import { postMcp, RawSocket, startTestServer, type TestServer } from '../../support/test-server';

describe('housekeeping (real PostgreSQL)', () => {
  let db: IsolatedDatabase;
  let server: TestServer;
  let sql: Client;
  let token: string;

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    server = await startTestServer(
      {
        HOUSEKEEPING_INTERVAL_MS: '0',
        SESSION_TTL_SECONDS: '3600',
        SESSION_RETENTION_DAYS: '7',
        CONTEXT_HISTORY_KEEP: '3',
        AUDIT_RETENTION_DAYS: '30',
      },
      [],
      db.url,
    );
    token = await server.token('agent-hk');
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await server.close();
    await db.drop();
  });

  const initialize = async () => {
    const reply = await postMcp(
      server.mcpUrl,
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'hk', version: '1' } },
      },
      { Authorization: `Bearer ${token}` },
    );
    return reply.headers.get('mcp-session-id')!;
  };

  it('expires idle sessions (and their subscriptions), keeps active ones, purges long-closed ones', async () => {
    const idle = await initialize();
    const active = await initialize();
    const old = await initialize();
    await sql.query(`INSERT INTO resource_subscriptions (session_id, uri) VALUES ($1, 'context://x')`, [idle]);
    await sql.query(`UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE id = $1`, [idle]);
    await sql.query(`UPDATE sessions SET closed_at = now() - interval '8 days' WHERE id = $1`, [old]);

    const report = await server.app.get(HousekeepingService).runOnce();
    expect(report).toMatchObject({ ran: true, expiredSessions: 1, droppedSubscriptions: 1, purgedSessions: 1 });

    const { rows } = await sql.query(`SELECT id, closed_at FROM sessions WHERE id = ANY($1)`, [[idle, active, old]]);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r.closed_at]));
    expect(byId[idle]).not.toBeNull();
    expect(byId[active]).toBeNull();
    expect(old in byId).toBe(false);
  });

  it('keeps an open WebSocket session alive through the heartbeat, not by luck', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    const init = await socket.initialize();
    const sessionId = init.result._meta.sessionId;
    await sql.query(`UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE id = $1`, [sessionId]);
    await server.app.get(SessionService).touchMany([sessionId]); // what the gateway's heartbeat does every 30 s
    await server.app.get(HousekeepingService).runOnce();
    const { rows } = await sql.query(`SELECT closed_at FROM sessions WHERE id = $1`, [sessionId]);
    expect(rows[0].closed_at).toBeNull();
    socket.close();
  });

  it('prunes context history to the newest CONTEXT_HISTORY_KEEP versions without touching the state', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    await socket.initialize();
    const contextId = randomUUID();
    for (let i = 1; i <= 8; i++) await socket.request(i, 'context/update', { contextId, patch: { [`k${i}`]: i } });
    const report = await server.app.get(HousekeepingService).runOnce();
    expect(report.prunedHistory).toBeGreaterThanOrEqual(5);
    const history = (await socket.request(20, 'context/history', { contextId })).result.updates.map((u: { version: number }) => u.version);
    expect(history).toEqual([6, 7, 8]);
    const state = (await socket.request(21, 'context/get', { contextId })).result;
    expect(state).toMatchObject({ version: 8, state: { k1: 1, k8: 8 } });
    socket.close();
  });

  it('purges audit rows past AUDIT_RETENTION_DAYS exactly once when two replicas run together', async () => {
    await sql.query(
      `INSERT INTO tool_call_audit (agent_id, tool, correlation_id, outcome, duration_ms, args_digest, created_at)
       VALUES ('a', 't', 'old', 'ok', 1, 'x', now() - interval '31 days'), ('a', 't', 'new', 'ok', 1, 'x', now())`,
    );
    const [first, second] = await Promise.all([
      server.app.get(HousekeepingService).runOnce(),
      (async () => {
        const other = await startTestServer({ HOUSEKEEPING_INTERVAL_MS: '0', AUDIT_RETENTION_DAYS: '30' }, [], db.url);
        try {
          return await other.app.get(HousekeepingService).runOnce();
        } finally {
          await other.close();
        }
      })(),
    ]);
    expect(first.purgedAudit + second.purgedAudit).toBe(1);
    const { rows } = await sql.query(`SELECT correlation_id FROM tool_call_audit WHERE agent_id = 'a'`);
    expect(rows.map((r) => r.correlation_id)).toEqual(['new']);
  });

  it('deletes cross-replica events past EVENT_LOG_RETENTION_SECONDS and keeps newer ones', async () => {
    await sql.query(
      `INSERT INTO event_log (payload, created_at)
       VALUES ('{"type":"old"}', now() - interval '11 minutes'), ('{"type":"recent"}', now() - interval '9 minutes')`,
    );
    const report = await server.app.get(HousekeepingService).runOnce();
    expect(report.purgedEvents).toBeGreaterThanOrEqual(1);
    const { rows } = await sql.query(`SELECT payload FROM event_log WHERE payload IN ('{"type":"old"}', '{"type":"recent"}')`);
    expect(rows.map((r) => r.payload)).toEqual(['{"type":"recent"}']);
  });
});
