import type { AppConfig } from '../config/app-config';
import type { StreamEventRepository } from './stream-event.repository';
import { StreamEventStore } from './stream-event-store.service';

/** A repository that records appends and serves `after` from them. */
function fakeRepository() {
  const rows: Array<{ sessionId: string; streamId: string; seq: number; message: unknown; final: boolean }> = [];
  const takes: number[] = [];
  const repository = {
    append: (sessionId: string, streamId: string, seq: number, message: unknown, final: boolean) => {
      rows.push({ sessionId, streamId, seq, message, final });
      return Promise.resolve();
    },
    after: (sessionId: string, streamId: string, afterSeq: number, take: number) => {
      takes.push(take);
      const found = rows.filter((r) => r.sessionId === sessionId && r.streamId === streamId && r.seq > afterSeq);
      return Promise.resolve(found.slice(0, take).map(({ seq, message, final }) => ({ seq, message, final })));
    },
    refreshMarker: () => Promise.resolve(),
  } as unknown as StreamEventRepository;
  return { repository, rows, takes };
}

const config = { STREAM_EVENT_RETENTION_SECONDS: 600 } as AppConfig;
const settle = () => new Promise((r) => setImmediate(r));

describe('StreamEventStore', () => {
  it('tells a standalone stream id from a POST stream id, and refuses anything else', () => {
    const store = new StreamEventStore(fakeRepository().repository, config);
    const uuid = '3f0c1b7e-8a4d-4c2e-9b1a-5d6e7f8a9b0c';
    expect(store.parseEventId(`get-${uuid}.7`)).toEqual({ streamId: `get-${uuid}`, seq: 7, standalone: true });
    expect(store.parseEventId(`${uuid}.0`)).toEqual({ streamId: uuid, seq: 0, standalone: false });
    for (const bad of [`post-${uuid}.1`, `get-${uuid}`, 'get-x.1', `${uuid}.1234567890`]) expect(store.parseEventId(bad)).toBeUndefined();
  });

  it('stores a standalone stream from its marker on, numbering its events, and replays only what came after an id', async () => {
    const { repository, rows, takes } = fakeRepository();
    const store = new StreamEventStore(repository, config);
    const log = store.openStandalone('s1');
    const streamId = log.primingId.slice(0, -2);
    expect(log.primingId).toMatch(/^get-[0-9a-f-]{36}\.0$/);
    expect(log.refreshEveryMs).toBe(150_000); // a quarter of the retention
    expect([log.append({ n: 1 }), log.append({ n: 2 }), log.append({ n: 3 })]).toEqual([1, 2, 3].map((n) => `${streamId}.${n}`));
    await settle();
    expect(rows.map((r) => [r.seq, r.message])).toEqual([
      [0, { opened: true, standalone: true }],
      [1, { n: 1 }],
      [2, { n: 2 }],
      [3, { n: 3 }],
    ]);
    expect(store.openStandalone('s1').primingId).not.toBe(log.primingId); // every connection a stream of its own
    expect(await store.missed('s1', streamId, 1)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(await store.missed('s2', streamId, 0)).toEqual([]); // another session's stream is not there
    expect(takes).toEqual([500, 500]);
  });
});
