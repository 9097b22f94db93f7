import { Client } from 'pg';
import { AuditService } from '../../src/audit/audit.service';
import { RawSocket, startTestServer, type TestServer } from '../support/test-server';

describe('tool-call audit', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => server.close());

  /** Flushes the audit buffer, then reads one agent's rows, oldest first. */
  async function auditRowsOf(agentId: string, columns: string): Promise<any[]> {
    await server.app.get(AuditService).flush();
    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      return (await db.query(`SELECT ${columns} FROM tool_call_audit WHERE agent_id = $1 ORDER BY id`, [agentId])).rows;
    } finally {
      await db.end();
    }
  }

  it('records one row per tool call with outcome and an argument digest, never the arguments', async () => {
    const socket = await RawSocket.open(server.wsUrl, await server.token('agent-audit', ['customers:read']));
    await socket.initialize();
    const secretArg = 'cus_001';
    await socket.request(1, 'tools/call', {
      name: 'customers_get',
      arguments: { customerId: secretArg },
      _meta: { correlationId: 'audit-ok' },
    });
    await socket.request(2, 'tools/call', { name: 'customers_get', arguments: { customerId: 7 }, _meta: { correlationId: 'audit-bad' } });
    await socket.request(3, 'tools/call', { name: 'tickets_create', arguments: {}, _meta: { correlationId: 'audit-denied' } });
    socket.close();

    const rows = await auditRowsOf('agent-audit', 'correlation_id, tool, outcome, error_code, args_digest, session_id');
    expect(rows.map((r) => [r.correlation_id, r.tool, r.outcome, r.error_code])).toEqual([
      ['audit-ok', 'customers_get', 'ok', null],
      ['audit-bad', 'customers_get', 'invalid_input', null],
      ['audit-denied', 'tickets_create', 'refused', -32003],
    ]);
    expect(rows[0].args_digest).toBe(AuditService.digest({ customerId: secretArg }));
    expect(JSON.stringify(rows)).not.toContain(secretArg);
    expect(rows[0].session_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores a client-chosen tool name with a NUL character (which PostgreSQL text cannot hold) without losing the batch around it', async () => {
    const socket = await RawSocket.open(server.wsUrl, await server.token('agent-audit-nul', ['customers:read']));
    await socket.initialize();
    await socket.request(1, 'tools/call', {
      name: 'customers_get',
      arguments: { customerId: 'cus_001' },
      _meta: { correlationId: 'nul-before' },
    });
    const refused = await socket.request(2, 'tools/call', { name: 'evil\u0000tool', arguments: {}, _meta: { correlationId: 'nul-tool' } });
    expect(refused.error?.message).toContain('Unknown tool');
    await socket.request(3, 'tools/call', {
      name: 'customers_get',
      arguments: { customerId: 'cus_002' },
      _meta: { correlationId: 'nul-after' },
    });
    socket.close();

    expect(await auditRowsOf('agent-audit-nul', 'correlation_id, tool, outcome')).toEqual([
      { correlation_id: 'nul-before', tool: 'customers_get', outcome: 'ok' },
      { correlation_id: 'nul-tool', tool: 'evil\uFFFDtool', outcome: 'refused' },
      { correlation_id: 'nul-after', tool: 'customers_get', outcome: 'ok' },
    ]);
  });

  it('stores names with quotes, backslashes, accents and emoji exactly as the client sent them', async () => {
    const agentId = 'agent-ünïcødé "q" \\ 🚀';
    const tool = 'wérkzeug "x" \\ 🛠️';
    const socket = await RawSocket.open(server.wsUrl, await server.token(agentId, ['customers:read']));
    await socket.initialize();
    await socket.request(1, 'tools/call', { name: tool, arguments: {}, _meta: { correlationId: 'unicode-tool' } });
    await socket.request(2, 'tools/call', {
      name: 'customers_get',
      arguments: { customerId: 'cus_001' },
      _meta: { correlationId: 'unicode-agent' },
    });
    socket.close();

    expect(await auditRowsOf(agentId, 'agent_id, correlation_id, tool, outcome')).toEqual([
      { agent_id: agentId, correlation_id: 'unicode-tool', tool, outcome: 'refused' },
      { agent_id: agentId, correlation_id: 'unicode-agent', tool: 'customers_get', outcome: 'ok' },
    ]);
  });
});
