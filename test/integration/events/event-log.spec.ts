import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EventBus, type SwitchboardEvent } from '../../../src/events/event-bus.service';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';
import { RawSocket, startTestServer, type TestServer } from '../../support/test-server';

jest.setTimeout(60_000);

/**
 * Cross-replica events while a replica's LISTEN connection is down (its backend terminated, as
 * by a database restart or a network cut): what was sent meanwhile reaches it once it is back,
 * once. Two real replicas in this process on one real PostgreSQL.
 */
describe('event log: nothing sent while a listener reconnects is lost', () => {
  let db: IsolatedDatabase;
  let a: TestServer;
  let b: TestServer;
  let sql: Client;
  const heardByB: SwitchboardEvent[] = [];

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    a = await startTestServer({ HOUSEKEEPING_INTERVAL_MS: '0' }, [], db.url);
    // B waits 3 s before reconnecting: room for a test to send while it is away, even on a slow machine.
    b = await startTestServer({ HOUSEKEEPING_INTERVAL_MS: '0', EVENT_LISTENER_RECONNECT_MS: '3000' }, [], db.url);
    b.app.get(EventBus).on((event) => heardByB.push(event));
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  const listenerOf = (server: TestServer) => `switchboard-events-${server.app.get(EventBus).replicaId}`;

  /**
   * Ends `server`'s listening connection from the database side, runs `whileDown` once that
   * backend is gone, and returns when the replica has reconnected and read what it missed.
   */
  async function cutListener(server: TestServer, whileDown: () => Promise<void>): Promise<void> {
    let resumed = false;
    const stop = server.app.get(EventBus).on((event) => (resumed ||= event.type === 'events.resumed'));
    try {
      const { rows } = await sql.query('SELECT pid, pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1', [
        listenerOf(server),
      ]);
      expect(rows).toEqual([{ pid: expect.any(Number), done: true }]);
      await waitFor(
        async () => (await sql.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [rows[0].pid])).rowCount === 0,
        'the listening backend to end',
      );
      await whileDown();
      // Still away (B reconnects after 3 s, C after 1 s): what was just sent can only come back by replay.
      const back = await sql.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [listenerOf(server)]);
      expect(back.rowCount).toBe(0);
      await waitFor(() => resumed, 'the listener to reconnect and read the log');
    } finally {
      stop();
    }
  }

  const cancelled = (marker: string) => heardByB.filter((e) => e.type === 'request.cancelled' && e.reason === marker);

  it('replays small and large events sent while the listener was away, each once, and not what it had already heard', async () => {
    const bus = a.app.get(EventBus);
    const toB = b.app.get(EventBus).replicaId;
    const sessionId = randomUUID();
    await bus.publish({ type: 'request.cancelled', sessionId, requestId: 1, reason: 'heard live' });
    await waitFor(() => cancelled('heard live').length === 1, 'the live event');

    // ~200 KB: far over one NOTIFY, so it goes out in parts (and is logged whole).
    const big = { username: 'ünïcødé "quoted" \\ '.repeat(10_000) };
    await cutListener(b, async () => {
      await bus.publish({ type: 'request.cancelled', sessionId, requestId: 2, reason: 'sent while away' });
      await bus.publish({ type: 'server-request.answered', to: toB, sessionId, id: 'sb-x-1', result: big });
      await bus.publish({ type: 'server-request.answered', to: 'someoneelse', sessionId, id: 'sb-x-2', result: {} });
    });

    expect(cancelled('sent while away')).toHaveLength(1);
    expect(cancelled('heard live')).toHaveLength(1); // not replayed a second time
    const answers = heardByB.filter((e) => e.type === 'server-request.answered');
    expect(answers).toHaveLength(1); // the one addressed elsewhere is not B's
    expect(answers[0]).toMatchObject({ to: toB, id: 'sb-x-1', result: big });

    // Live again: the next event arrives once, by NOTIFY.
    await bus.publish({ type: 'request.cancelled', sessionId, requestId: 3, reason: 'after' });
    await waitFor(() => cancelled('after').length === 1, 'the event after reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cancelled('after')).toHaveLength(1);
  });

  it('tells a subscriber on the reconnected replica that its resources may have changed (those updates are not logged)', async () => {
    const token = await b.token('agent-events');
    const subscriber = await RawSocket.open(b.wsUrl, token);
    await subscriber.initialize();
    const writer = await RawSocket.open(a.wsUrl, token);
    await writer.initialize();
    const contextId = randomUUID();
    await writer.request(1, 'context/update', { contextId, patch: { v: 1 } });
    expect(await subscriber.request(2, 'resources/subscribe', { uri: `context://${contextId}` })).toMatchObject({ result: {} });
    await subscriber.drain(300);

    await cutListener(b, async () => {
      expect((await writer.request(3, 'context/update', { contextId, patch: { v: 2 } })).result.version).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 100)); // past the 10 ms batch: the NOTIFY went out unheard
    });
    const notices = await subscriber.drain(500);
    expect(notices).toContainEqual({
      jsonrpc: '2.0',
      method: 'notifications/resources/updated',
      params: { uri: `context://${contextId}` },
    });
    const read = await subscriber.request(4, 'resources/read', { uri: `context://${contextId}` });
    expect(JSON.parse(read.result.contents[0].text)).toMatchObject({ version: 2, state: { v: 2 } });
    subscriber.close();
    writer.close();
  });

  it('keeps every event it sends in event_log with its seq, except resources.updated', async () => {
    const { rows: before } = await sql.query('SELECT coalesce(max(seq), 0)::int AS seq FROM event_log');
    const bus = a.app.get(EventBus);
    await bus.publish({ type: 'session.changed', sessionIds: [randomUUID()] });
    await bus.publish({ type: 'resources.updated', uris: ['context://not-logged'] });
    const { rows } = await sql.query('SELECT payload FROM event_log WHERE seq > $1', [before[0].seq]);
    expect(rows.map((r) => JSON.parse(r.payload).type)).toEqual(['session.changed']);
  });

  it('keeps the order: what was missed comes first (page by page), what arrives during the replay after it', async () => {
    const bus = a.app.get(EventBus);
    const sessionId = randomUUID();
    const order: Array<{ seq: number; reason: string }> = [];
    const stop = b.app.get(EventBus).on((event) => {
      if (event.type === 'request.cancelled' && event.sessionId === sessionId)
        order.push({ seq: (event as { seq?: number }).seq!, reason: event.reason });
    });
    let live = true;
    let sent = 0;
    const liveLoop = (async () => {
      // One at a time, so that their seqs commit in order, until B has caught up.
      while (live) await bus.publish({ type: 'request.cancelled', sessionId, requestId: 'live', reason: `live-${sent++}` });
    })();
    try {
      await cutListener(b, async () => {
        // 700 missed events: more than one replay page.
        for (let i = 0; i < 700; i += 50) {
          await Promise.all(
            Array.from({ length: 50 }, (_, j) =>
              bus.publish({ type: 'request.cancelled', sessionId, requestId: i + j, reason: `missed-${i + j}` }),
            ),
          );
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 100)); // some live ones after the replay, too
    } finally {
      live = false;
      await liveLoop;
      await new Promise((resolve) => setTimeout(resolve, 200));
      stop();
    }
    const seqs = order.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y)); // in order
    expect(new Set(seqs).size).toBe(seqs.length); // each once
    expect(order.filter((e) => e.reason.startsWith('missed-'))).toHaveLength(700);
    expect(order.filter((e) => e.reason.startsWith('live-'))).toHaveLength(sent); // every live one, missed or not
  });

  it('does not replay, on its first reconnect, events logged before the replica started', async () => {
    const bus = a.app.get(EventBus);
    const sessionId = randomUUID();
    await bus.publish({ type: 'request.cancelled', sessionId, requestId: 1, reason: 'before c started' });
    const c = await startTestServer({ HOUSEKEEPING_INTERVAL_MS: '0' }, [], db.url);
    try {
      const heardByC: SwitchboardEvent[] = [];
      c.app.get(EventBus).on((event) => heardByC.push(event));
      await cutListener(c, () => bus.publish({ type: 'request.cancelled', sessionId, requestId: 2, reason: 'while c was away' }));
      const reasons = heardByC.flatMap((e) => (e.type === 'request.cancelled' ? [e.reason] : []));
      expect(reasons).toEqual(['while c was away']);
    } finally {
      await c.close();
    }
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
