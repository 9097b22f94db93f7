import { Logger } from '@nestjs/common';
import type { AgentIdentity } from '../auth/agent-identity';
import { loadConfig } from '../config/app-config';
import type { EventBus, SwitchboardEvent } from '../events/event-bus.service';
import { RateLimiter } from '../limits/rate-limiter.service';
import { ErrorCode } from './mcp-error';
import { ServerRequests } from './server-requests.service';
import { FakeConnection, SESSION } from '../../test/support/fake-connection';

const IDENTITY: AgentIdentity = { agentId: 'agent-1', scopes: new Set(), expiresAt: Math.floor(Date.now() / 1000) + 3600 };

/** Two replicas' worth of the event bus in one process: what one publishes, both hear (addressing included). */
class TwoReplicaBus {
  readonly published: SwitchboardEvent[] = [];
  failWith?: Error;
  private readonly members: Array<{ replicaId: string; handlers: Array<(e: SwitchboardEvent) => void> }> = [];

  member(replicaId: string): EventBus {
    const member = { replicaId, handlers: [] as Array<(e: SwitchboardEvent) => void> };
    this.members.push(member);
    return {
      replicaId,
      on: (handler: (e: SwitchboardEvent) => void) => member.handlers.push(handler),
      publish: async (event: SwitchboardEvent) => {
        if (this.failWith) throw this.failWith;
        this.published.push(event);
        for (const m of this.members) if (!('to' in event) || event.to === m.replicaId) for (const h of m.handlers) h(event);
      },
    } as unknown as EventBus;
  }
}

function httpConnection(): FakeConnection {
  const connection = new FakeConnection('http', IDENTITY);
  connection.session = { ...SESSION, transport: 'http' };
  return connection;
}

describe('ServerRequests across replicas', () => {
  let bus: TwoReplicaBus;
  let a: ServerRequests;
  let b: ServerRequests;
  const limiter = (rps: number) => new RateLimiter(loadConfig({ RATE_LIMIT_RPS: String(rps), RATE_LIMIT_BURST: '1' }));

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    bus = new TwoReplicaBus();
    a = new ServerRequests(bus.member('aaaaaaaaaaaa'), limiter(0));
    b = new ServerRequests(bus.member('bbbbbbbbbbbb'), limiter(0));
    a.onModuleInit();
    b.onModuleInit();
  });

  async function ask(): Promise<{ id: string; answer: Promise<Record<string, unknown>> }> {
    const asking = httpConnection();
    const answer = a.send(asking, 'elicitation/create', { message: 'name?' });
    const id = (asking.pushed[0] as { id: string }).id;
    return { id, answer };
  }

  it('names the asking replica in the id; an answer on the other replica settles it there, once', async () => {
    const { id, answer } = await ask();
    expect(id).toMatch(/^sb-aaaaaaaaaaaa-\d+$/);
    await expect(b.settle(httpConnection(), { id, result: { action: 'accept' } })).resolves.toBe(true);
    await expect(answer).resolves.toEqual({ action: 'accept' });
    expect(bus.published).toEqual([
      expect.objectContaining({ type: 'server-request.answered', to: 'aaaaaaaaaaaa', sessionId: SESSION.id, id }),
    ]);
    // A second answer is passed on too (B cannot know), and finds nothing waiting on A.
    await b.settle(httpConnection(), { id, result: { action: 'decline' } });
    await expect(a.settle(httpConnection(), { id, result: { action: 'decline' } })).resolves.toBe(false);
  });

  it('passes on nothing it cannot route: ids not ours, its own ids, WebSocket sessions', async () => {
    const { id } = await ask();
    for (const stray of ['not-ours', 7, 'sb-1', `sb-bbbbbbbbbbbb-1`]) {
      await expect(b.settle(httpConnection(), { id: stray, result: {} })).resolves.toBe(false);
    }
    const ws = new FakeConnection('websocket', IDENTITY);
    ws.session = SESSION;
    await expect(b.settle(ws, { id, result: {} })).resolves.toBe(false);
    expect(bus.published).toEqual([]);
  });

  it('an error answer rejects the question with the client’s message', async () => {
    const { id, answer } = await ask();
    await b.settle(httpConnection(), { id, error: { code: -1, message: 'user said no' } });
    await expect(answer).rejects.toThrow('client answered with an error: user said no');
  });

  it('refuses the POST when the answer cannot be passed on: database down (503) or over the rate limit (429)', async () => {
    const { id, answer } = await ask();
    bus.failWith = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const down = httpConnection();
    await expect(b.settle(down, { id, result: {} })).resolves.toBe(false);
    expect(down.refusedNotification?.code).toBe(ErrorCode.Unavailable);

    bus.failWith = undefined;
    const limited = new ServerRequests(bus.member('cccccccccccc'), limiter(1));
    await expect(limited.settle(httpConnection(), { id, result: { action: 'accept' } })).resolves.toBe(true);
    await expect(answer).resolves.toEqual({ action: 'accept' });
    const flood = httpConnection();
    await expect(limited.settle(flood, { id, result: {} })).resolves.toBe(false);
    expect(flood.refusedNotification).toMatchObject({ code: ErrorCode.RateLimited, data: { retryAfterMs: expect.any(Number) } });
  });

  it('fails every question still waiting when the app shuts down, and an answer after that finds nothing', async () => {
    const first = await ask();
    const second = await ask();
    a.onApplicationShutdown();
    await expect(first.answer).rejects.toThrow('the server is shutting down');
    await expect(second.answer).rejects.toThrow('the server is shutting down');
    await expect(a.settle(httpConnection(), { id: first.id, result: {} })).resolves.toBe(false);
  });

  it('charges an answer passed on a token per started 64 KiB, so large answers cannot flood the event log', async () => {
    const limited = new ServerRequests(
      bus.member('dddddddddddd'),
      new RateLimiter(loadConfig({ RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: '10' })),
    );
    const big = { action: 'accept', content: { text: 'x'.repeat(300 * 1024) } }; // 5 tokens
    const first = await ask();
    const second = await ask();
    await expect(limited.settle(httpConnection(), { id: first.id, result: big })).resolves.toBe(true);
    await expect(limited.settle(httpConnection(), { id: second.id, result: big })).resolves.toBe(true);
    await expect(first.answer).resolves.toEqual(big);
    await expect(second.answer).resolves.toEqual(big);
    const third = await ask();
    const refused = httpConnection();
    await expect(limited.settle(refused, { id: third.id, result: { action: 'decline' } })).resolves.toBe(false);
    expect(refused.refusedNotification?.code).toBe(ErrorCode.RateLimited);
  });
});
