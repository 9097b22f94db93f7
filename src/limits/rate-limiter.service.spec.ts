import { loadConfig } from '../config/app-config';
import type { EventBus, SwitchboardEvent } from '../events/event-bus.service';
import { RateLimiter } from './rate-limiter.service';

const limiter = (rps: number, burst: number, events?: EventBus) =>
  new RateLimiter(loadConfig({ RATE_LIMIT_RPS: String(rps), RATE_LIMIT_BURST: String(burst) }), events);

/** An event bus of one replica that records what it publishes and lets a test deliver events. */
function fakeBus(replicaId: string, replicas: number | undefined = 2) {
  const published: SwitchboardEvent[] = [];
  let handler: (event: SwitchboardEvent) => void = () => undefined;
  const bus = {
    replicaId,
    on: (h: typeof handler) => (handler = h),
    publishSmall: async (events: SwitchboardEvent[]) => void published.push(...events),
    listeningReplicas: async () => replicas,
  } as unknown as EventBus;
  return { bus, published, deliver: (event: SwitchboardEvent) => handler(event) };
}

describe('RateLimiter', () => {
  it('allows the burst, then one token per 1/rate seconds, and says how long to wait', () => {
    const rl = limiter(2, 3);
    const t = 1_000_000;
    expect([rl.take('a', t), rl.take('a', t), rl.take('a', t)]).toEqual([0, 0, 0]);
    expect(rl.take('a', t)).toBe(500);
    expect(rl.take('a', t + 500)).toBe(0);
    expect(rl.take('b', t)).toBe(0); // per agent
  });

  it('takes what other replicas report from the bucket, owing at most one burst', () => {
    const rl = limiter(1, 10);
    const t = 1_000_000;
    rl.takenElsewhere('a', 9, t);
    expect(rl.take('a', t)).toBe(0);
    expect(rl.take('a', t)).toBeGreaterThan(0);
    rl.takenElsewhere('a', 1_000, t); // floored at -burst: held back for (1 + 10) / 1 s, not 1000 s
    expect(rl.take('a', t)).toBe(11_000);
    rl.takenElsewhere('b', -5, t); // nonsense is ignored
    rl.takenElsewhere('b', Number.NaN, t);
    expect(rl.take('b', t)).toBe(0);
  });

  it('does nothing when turned off', () => {
    const rl = limiter(0, 1);
    rl.takenElsewhere('a', 100);
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBe(0);
  });

  it('shares what it allowed every quarter second, and takes only other replicas’ reports', async () => {
    jest.useFakeTimers();
    try {
      const { bus, published, deliver } = fakeBus('aaaaaaaaaaaa');
      const rl = limiter(1, 5, bus);
      rl.onModuleInit();
      rl.take('agent-1');
      rl.take('agent-1');
      rl.take('agent-2');
      await jest.advanceTimersByTimeAsync(300);
      expect(published).toEqual([{ type: 'rate.taken', from: 'aaaaaaaaaaaa', agents: { 'agent-1': 2, 'agent-2': 1 } }]);
      await jest.advanceTimersByTimeAsync(300);
      expect(published).toHaveLength(1); // nothing new taken: nothing sent

      deliver(published[0]); // its own report, heard back: already counted
      deliver({ type: 'rate.taken', from: 'bbbbbbbbbbbb', agents: { 'agent-2': 4 } });
      expect(rl.take('agent-1')).toBe(0); // 5 - 2 (+ refill) left
      expect(rl.take('agent-2')).toBeGreaterThan(0); // 5 - 1 - 4 left
      rl.onApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });

  it('charges a costly request several tokens, never more than a burst', () => {
    const rl = limiter(1, 10);
    const t = 1_000_000;
    expect(rl.take('a', t, 4)).toBe(0);
    expect(rl.take('a', t, 7)).toBe(1_000); // 6 left: one more second for the seventh
    expect(rl.take('b', t, 50)).toBe(0); // capped at the burst, or it could never pass
    expect(rl.take('b', t)).toBe(1_000);
  });

  it('splits a large report into events that each fit one NOTIFY, and says nothing when alone', async () => {
    jest.useFakeTimers();
    try {
      const many = fakeBus('aaaaaaaaaaaa');
      const rl = limiter(1, 5, many.bus);
      rl.onModuleInit();
      for (let i = 0; i < 300; i++) rl.take(`agent-${'x'.repeat(150)}-${i}`);
      await jest.advanceTimersByTimeAsync(300);
      expect(many.published.length).toBeGreaterThan(1);
      for (const event of many.published) expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(7_900);
      const reported = many.published.flatMap((e) => (e.type === 'rate.taken' ? Object.keys(e.agents) : []));
      expect(new Set(reported).size).toBe(300);
      rl.onApplicationShutdown();

      const alone = fakeBus('cccccccccccc', 1);
      const solo = limiter(1, 5, alone.bus);
      solo.onModuleInit();
      solo.take('agent-1');
      await jest.advanceTimersByTimeAsync(600);
      expect(alone.published).toEqual([]);
      solo.onApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });
});
