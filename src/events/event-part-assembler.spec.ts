import { EventPartAssembler } from './event-part-assembler';
import { type EventPart, PART_DATA_CHARS, splitEvent } from './event-parts';

const parse = (payload: string) => JSON.parse(payload) as EventPart;
const partsOf = (event: unknown, to?: string) => splitEvent(JSON.stringify(event), to).map(parse);

describe('splitEvent + EventPartAssembler', () => {
  let now = 0;
  let drops: string[];
  const assembler = (maxEventBytes = 1024 * 1024, maxBufferedEvents = 2, ttlMs = 10_000) =>
    new EventPartAssembler(
      { maxEventBytes, maxBufferedEvents, ttlMs },
      (reason) => drops.push(reason),
      () => now,
    );

  beforeEach(() => {
    now = 0;
    drops = [];
  });

  it('splits an event into NOTIFY-sized parts and puts it back together, in any order, quotes and non-ASCII included', () => {
    const event = { type: 'server-request.answered', to: 'abc', text: '"\\\u0001 é 😀 '.repeat(4_000) };
    const parts = partsOf(event, 'abc');
    expect(parts.length).toBeGreaterThan(5);
    for (const payload of splitEvent(JSON.stringify(event))) expect(Buffer.byteLength(payload)).toBeLessThan(7_900);
    expect(new Set(parts.map((p) => p.event)).size).toBe(1);
    expect(parts.every((p) => p.to === 'abc' && p.count === parts.length)).toBe(true);

    const a = assembler();
    const shuffled = [...parts.slice(3), ...parts.slice(0, 3).reverse()];
    const results = shuffled.map((p) => a.add(p));
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
    expect(JSON.parse(results[results.length - 1]!)).toEqual(event);
    expect(a.pendingEvents).toBe(0);
    expect(a.bufferedChars).toBe(0);
    expect(drops).toEqual([]);
  });

  it('keeps interleaved events apart and ignores a duplicate part', () => {
    const one = partsOf({ n: 1, pad: 'x'.repeat(10_000) });
    const two = partsOf({ n: 2, pad: 'y'.repeat(10_000) });
    const a = assembler();
    expect(a.add(one[0])).toBeUndefined();
    expect(a.add(two[0])).toBeUndefined();
    expect(a.add(one[0])).toBeUndefined(); // duplicate
    expect(a.add(two[1])).toBeUndefined();
    expect(JSON.parse(a.add(two[2])!)).toMatchObject({ n: 2 });
    expect(a.add(one[1])).toBeUndefined();
    expect(JSON.parse(a.add(one[2])!)).toMatchObject({ n: 1 });
    // Once complete, a late copy of a part starts nothing that could complete twice.
    expect(a.add(one[2])).toBeUndefined();
    expect(a.pendingEvents).toBe(1);
  });

  it('refuses an event declared larger than the limit at its first part, and one whose parts lie about it', () => {
    const a = assembler(64 * 1024);
    const first = partsOf({ pad: 'z'.repeat(100 * 1024) })[0];
    expect(a.add(first)).toBeUndefined();
    expect(a.pendingEvents).toBe(0);
    expect(drops).toEqual(['event declared larger than 65536 bytes']);

    // Garbage claiming a million parts buffers nothing.
    expect(a.add({ type: 'event.part', event: 'g', index: 0, count: 1_000_000, data: 'QUFB' })).toBeUndefined();
    expect(a.add({ type: 'event.part', event: 'g', index: 5, count: 2, data: 'QUFB' })).toBeUndefined();
    expect(a.add({ type: 'event.part', event: 'g', index: 0, count: 2, data: 'x'.repeat(PART_DATA_CHARS + 1) })).toBeUndefined();
    expect(a.add({ type: 'event.part', event: 'g', index: 0.5, count: 2, data: 'QUFB' } as EventPart)).toBeUndefined();
    expect(a.add({ type: 'event.part', event: 7, index: 0, count: 1, data: 'QUFB' } as unknown as EventPart)).toBeUndefined();
    expect(a.pendingEvents).toBe(0);
    expect(a.bufferedChars).toBe(0);

    // Parts that disagree on the count drop what was buffered.
    expect(a.add({ type: 'event.part', event: 'h', index: 0, count: 3, data: 'QUFB' })).toBeUndefined();
    expect(a.add({ type: 'event.part', event: 'h', index: 1, count: 2, data: 'QUFB' })).toBeUndefined();
    expect(a.pendingEvents).toBe(0);
    expect(drops).toContain('parts disagree on their count');
  });

  it('drops an unfinished event after the time limit', () => {
    const a = assembler(1024 * 1024, 2, 10_000);
    const parts = partsOf({ pad: 'w'.repeat(20_000) });
    expect(a.add(parts[0])).toBeUndefined();
    now = 10_001;
    expect(a.add(parts[1])).toBeUndefined(); // the first part expired: this one starts over
    expect(drops).toEqual(['parts missing after the time limit']);
    for (const p of parts.slice(2)) expect(a.add(p)).toBeUndefined();
    expect(a.pendingEvents).toBe(1);
    now = 30_000;
    a.add({ type: 'event.part', event: 'other', index: 0, count: 2, data: 'QUFB' });
    expect(a.pendingEvents).toBe(1); // only 'other' is left
  });

  it('bounds memory: past the buffer, the oldest unfinished events go first', () => {
    const max = 20_000;
    const a = assembler(max, 2);
    const events = [1, 2, 3].map((n) => partsOf({ n, pad: String(n).repeat(max - 100) }));
    for (const parts of events) for (const p of parts.slice(0, -1)) a.add(p);
    expect(a.pendingEvents).toBe(2);
    expect(drops).toEqual(['buffer full']);
    expect(a.add(events[0][events[0].length - 1])).toBeUndefined(); // event 1 was dropped
    expect(JSON.parse(a.add(events[2][events[2].length - 1])!)).toMatchObject({ n: 3 });
    expect(JSON.parse(a.add(events[1][events[1].length - 1])!)).toMatchObject({ n: 2 });
  });
});
