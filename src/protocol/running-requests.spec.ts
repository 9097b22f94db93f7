import { RequestAbort } from './request-abort';
import { RunningRequests } from './running-requests';

describe('RunningRequests', () => {
  it('counts the requests running, long-lived ones apart, and is idle once they finish', async () => {
    const running = new RunningRequests();
    const call = new RequestAbort();
    const listen = new RequestAbort();
    running.start(call, false);
    running.start(listen, true);
    expect(running.count).toBe(1);
    const idle = running.whenIdle(5_000);
    running.finish(call, false);
    await expect(idle).resolves.toBe(true);
    expect(running.count).toBe(0);
    await expect(running.whenIdle(0)).resolves.toBe(true); // the listen stream is not waited for
  });

  it('says false when the wait runs out, and a request finished twice is counted once', async () => {
    const running = new RunningRequests();
    const a = new RequestAbort();
    const b = new RequestAbort();
    running.start(a, false);
    running.start(b, false);
    running.finish(a, false);
    running.finish(a, false);
    expect(running.count).toBe(1);
    await expect(running.whenIdle(20)).resolves.toBe(false);
  });

  it('ends long-lived requests only with endLongLived, and every request with abortAll', () => {
    const running = new RunningRequests();
    const call = new RequestAbort();
    const listen = new RequestAbort();
    running.start(call, false);
    running.start(listen, true);
    running.endLongLived('draining');
    expect([call.aborted, listen.aborted]).toEqual([false, true]);
    const listenAgain = new RequestAbort();
    running.start(listenAgain, true);
    running.abortAll('grace period over');
    expect([call.aborted, listenAgain.aborted]).toEqual([true, true]);
    expect((call.signal.reason as Error).message).toBe('grace period over');
  });
});
