import { RequestAbort } from './request-abort';

describe('RequestAbort', () => {
  it('makes no signal until asked, then a live one that a later abort reaches', () => {
    const abort = new RequestAbort();
    const signal = abort.signal;
    expect(signal.aborted).toBe(false);
    const seen: unknown[] = [];
    signal.addEventListener('abort', () => seen.push(signal.reason));
    const reason = new Error('cancelled');
    abort.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(seen).toEqual([reason]);
    expect(abort.signal).toBe(signal);
  });

  it('hands out an already aborted signal, with the reason, when asked after the abort', () => {
    const abort = new RequestAbort();
    const reason = new Error('connection closed');
    abort.abort(reason);
    expect(abort.aborted).toBe(true);
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe(reason);
  });

  it('keeps the first reason when aborted twice', () => {
    const abort = new RequestAbort();
    const first = new Error('first');
    abort.abort(first);
    abort.abort(new Error('second'));
    expect(abort.signal.reason).toBe(first);
  });
});
