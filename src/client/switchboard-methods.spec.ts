import { Client, InMemoryTransport, ProtocolError, SdkError } from '@modelcontextprotocol/client';
import { Server } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { contextGet, contextHistory, contextUpdate, notifyContextUpdate, sessionsList } from './switchboard-methods';

const anyParams = z.record(z.string(), z.unknown());

/** An SDK v2 server that records what arrives and answers with canned results. */
async function connectPair(results: Record<string, unknown>) {
  const received: Array<{ method: string; params: Record<string, unknown> }> = [];
  const server = new Server({ name: 'fake-switchboard', version: '0' }, { capabilities: {} });
  for (const [method, result] of Object.entries(results)) {
    server.setRequestHandler(method, { params: anyParams }, async (params) => {
      received.push({ method, params });
      if (result instanceof Error) throw result;
      return result as Record<string, unknown>;
    });
  }
  server.setNotificationHandler('notifications/context/update', { params: anyParams }, (params) => {
    received.push({ method: 'notifications/context/update', params });
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '0' });
  await client.connect(clientSide);
  const withoutMeta = () => received.map(({ method, params }) => ({ method, params: { ...params, _meta: undefined } }));
  return { client, received: withoutMeta, close: () => client.close() };
}

describe('Switchboard method helpers', () => {
  it('context/get sends only the given params and returns the typed snapshot', async () => {
    const snapshot = { contextId: 'ctx-1', version: 3, state: { step: 'draft' }, updatedAt: '2025-01-01T00:00:00.000Z' };
    const pair = await connectPair({ 'context/get': snapshot });

    await expect(contextGet(pair.client)).resolves.toEqual(snapshot);
    await expect(contextGet(pair.client, { contextId: 'ctx-1' })).resolves.toEqual(snapshot);

    expect(pair.received()).toEqual([
      { method: 'context/get', params: { _meta: undefined } },
      { method: 'context/get', params: { contextId: 'ctx-1', _meta: undefined } },
    ]);
    await pair.close();
  });

  it('context/update passes the patch and ifVersion and returns the new version', async () => {
    const pair = await connectPair({ 'context/update': { contextId: 'ctx-1', version: 4 } });

    const result = await contextUpdate(pair.client, { patch: { step: 'done', draft: null }, ifVersion: 3 });

    expect(result).toEqual({ contextId: 'ctx-1', version: 4 });
    expect(pair.received()[0]?.params).toMatchObject({ patch: { step: 'done', draft: null }, ifVersion: 3 });
    expect(pair.received()[0]?.params).not.toHaveProperty('contextId');
    await pair.close();
  });

  it('surfaces a conflict as a ProtocolError carrying the server data', async () => {
    const conflict = new ProtocolError(-32009, 'version conflict', { currentVersion: 5 });
    const pair = await connectPair({ 'context/update': conflict });

    await expect(contextUpdate(pair.client, { patch: {}, ifVersion: 3 })).rejects.toMatchObject({
      code: -32009,
      data: { currentVersion: 5 },
    });
    await pair.close();
  });

  it('context/history and sessions/list return pages with their cursor', async () => {
    const pair = await connectPair({
      'context/history': {
        updates: [{ version: 1, patch: { a: 1 }, createdAt: '2025-01-01T00:00:00.000Z', agentId: 'alice' }],
        nextCursor: 'c2',
      },
      'sessions/list': {
        sessions: [
          {
            id: 's-1',
            agentId: 'alice',
            transport: 'websocket',
            protocolVersion: '2025-11-25',
            createdAt: '2025-01-01T00:00:00.000Z',
            lastSeenAt: '2025-01-01T00:01:00.000Z',
            closedAt: null,
          },
        ],
      },
    });

    const history = await contextHistory(pair.client, { contextId: 'ctx-1', afterVersion: 0, limit: 10 });
    const sessions = await sessionsList(pair.client, { limit: 5 });

    expect(history.nextCursor).toBe('c2');
    expect(history.updates[0]?.agentId).toBe('alice');
    expect(sessions.sessions[0]?.closedAt).toBeNull();
    expect(sessions.nextCursor).toBeUndefined();
    expect(pair.received().map((r) => r.params)).toEqual([
      { contextId: 'ctx-1', afterVersion: 0, limit: 10, _meta: undefined },
      { limit: 5, _meta: undefined },
    ]);
    await pair.close();
  });

  it('rejects a result that does not match the contract instead of returning it', async () => {
    const pair = await connectPair({ 'context/get': { contextId: 'ctx-1', version: 'three' } });

    const failure = await contextGet(pair.client).catch((error: unknown) => error);

    expect(SdkError.isInstance(failure) || ProtocolError.isInstance(failure)).toBe(true);
    expect(String((failure as Error).message)).toMatch(/version|state|updatedAt/);
    await pair.close();
  });

  it('notifications/context/update is sent without waiting for a reply', async () => {
    const pair = await connectPair({});

    await notifyContextUpdate(pair.client, { contextId: 'ctx-1', patch: { seen: true } });

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pair.received()).toEqual([
      { method: 'notifications/context/update', params: { contextId: 'ctx-1', patch: { seen: true }, _meta: undefined } },
    ]);
    await pair.close();
  });
});
