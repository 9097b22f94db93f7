import fc from 'fast-check';
import { InFlightRequests } from './in-flight-requests';
import { RequestAbort } from './request-abort';

describe('InFlightRequests', () => {
  it('behaves as a Map of id to abort handle for any sequence of sets, gets and deletes', () => {
    const id = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('0', '1', 'a'));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), id }),
      fc.record({ kind: fc.constant('delete' as const), id }),
      fc.record({ kind: fc.constant('get' as const), id }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const model = new Map<string | number, RequestAbort>();
        const real = new InFlightRequests();
        for (const o of ops) {
          if (o.kind === 'set') {
            const abort = new RequestAbort();
            model.set(o.id, abort);
            real.set(o.id, abort);
          } else if (o.kind === 'delete') {
            model.delete(o.id);
            real.delete(o.id);
          }
          expect(real.get(o.id)).toBe(model.get(o.id));
          expect(real.size).toBe(model.size);
        }
        for (const [key, abort] of model) expect(real.get(key)).toBe(abort);
      }),
      { numRuns: 500 },
    );
  });

  it('tells the number 1 from the string "1"', () => {
    const requests = new InFlightRequests();
    const numeric = new RequestAbort();
    requests.set(1, numeric);
    expect(requests.get('1')).toBeUndefined();
    requests.delete('1');
    expect(requests.get(1)).toBe(numeric);
  });

  it('aborts every request once and forgets them', () => {
    const requests = new InFlightRequests();
    const handles = [new RequestAbort(), new RequestAbort(), new RequestAbort()];
    handles.forEach((h, i) => requests.set(i, h));
    const reason = new Error('connection closed');
    requests.abortAll(reason);
    expect(handles.map((h) => h.aborted)).toEqual([true, true, true]);
    expect(handles[2].signal.reason).toBe(reason);
    expect(requests.size).toBe(0);
    expect(requests.get(0)).toBeUndefined();
    const later = new RequestAbort();
    requests.set(0, later);
    expect(requests.get(0)).toBe(later);
    expect(later.aborted).toBe(false);
  });
});
