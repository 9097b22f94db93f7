import { AuditService } from '../../src/audit/audit.service';
import { JsonLogger } from '../../src/observability/json-logger.service';
import { RawSocket, startTestServer, type TestServer } from '../support/test-server';

describe('operator methods (sessions:admin)', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ LOG_LEVEL: 'warn' })));
  afterAll(() => server.close());

  const connect = async (agent: string, scopes: string[]) => {
    const socket = await RawSocket.open(server.wsUrl, await server.token(agent, scopes));
    return { socket, init: await socket.initialize() };
  };

  it('lists sessions newest first with a cursor, only for sessions:admin', async () => {
    const { socket: agent, init } = await connect('agent-listed', ['context:read']);
    const { socket: admin } = await connect('ops', ['sessions:admin']);
    const page = (await admin.request(1, 'sessions/list', { agentId: 'agent-listed', limit: 1 })).result;
    expect(page.sessions).toEqual([
      expect.objectContaining({
        id: init.result._meta.sessionId,
        agentId: 'agent-listed',
        transport: 'websocket',
        protocolVersion: '2025-11-25',
        closedAt: null,
      }),
    ]);
    expect((await agent.request(2, 'sessions/list', {})).error).toMatchObject({
      code: -32003,
      data: { requiredScopes: ['sessions:admin'] },
    });
    agent.close();
    admin.close();
  });

  it('queries the audit trail newest first, filtered and paginated', async () => {
    const { socket: agent } = await connect('agent-audited', ['context:read']);
    for (let i = 0; i < 3; i++) await agent.request(i, 'tools/call', { name: 'context_get', arguments: {} });
    await agent.request(9, 'tools/call', { name: 'customers_get', arguments: { customerId: 'cus_001' } });
    await server.app.get(AuditService).flush();
    const { socket: admin } = await connect('ops', ['sessions:admin']);
    const first = (await admin.request(1, 'audit/list', { agentId: 'agent-audited', limit: 2 })).result;
    expect(first.entries.map((e: { tool: string; outcome: string }) => [e.tool, e.outcome])).toEqual([
      ['customers_get', 'refused'],
      ['context_get', 'ok'],
    ]);
    expect(first.entries[0]).toMatchObject({ agentId: 'agent-audited', argsDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const rest = (await admin.request(2, 'audit/list', { agentId: 'agent-audited', cursor: first.nextCursor })).result;
    expect(rest.entries).toHaveLength(2);
    expect(rest.nextCursor).toBeUndefined();
    expect((await agent.request(10, 'audit/list', {})).error.code).toBe(-32003);
    agent.close();
    admin.close();
  });

  it('changes the log level at run time', async () => {
    const { socket: admin } = await connect('ops', ['sessions:admin']);
    expect((await admin.request(1, 'server/setLogLevel', { level: 'debug' })).result).toMatchObject({ level: 'debug', previous: 'warn' });
    expect(server.app.get(JsonLogger).level).toBe('debug');
    expect((await admin.request(2, 'server/setLogLevel', { level: 'loud' })).error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('level'),
    });
    await admin.request(3, 'server/setLogLevel', { level: 'warn' });
    admin.close();
  });
});
