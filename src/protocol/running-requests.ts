import type { RequestAbort } from './request-abort';

/**
 * What a drain needs to know about the requests being handled, across every connection: how
 * many are running (long-lived ones, such as listen streams, apart: a drain ends them instead of
 * waiting), when none is left, and how to end the ones that outlive the grace period.
 */
export class RunningRequests {
  private readonly active = new Set<RequestAbort>();
  private readonly longLived = new Set<RequestAbort>();
  private idleWaiters: Array<() => void> = [];

  /** Requests being handled right now, long-lived ones not counted. */
  get count(): number {
    return this.active.size;
  }

  start(abort: RequestAbort, longLived: boolean): void {
    (longLived ? this.longLived : this.active).add(abort);
  }

  finish(abort: RequestAbort, longLived: boolean): void {
    if (longLived) this.longLived.delete(abort);
    else if (this.active.delete(abort) && this.active.size === 0 && this.idleWaiters.length > 0) this.wakeIdleWaiters();
  }

  /** Ends every long-lived request so that a drain does not wait for them. */
  endLongLived(reason: string): void {
    for (const request of this.longLived) request.abort(new Error(reason));
  }

  /**
   * Aborts every request still running (what a drain does once its grace period is over): each
   * sees its signal fire, and what it waits on for the client (an elicitation, say) gives up.
   */
  abortAll(reason: string): void {
    for (const request of [...this.active, ...this.longLived]) request.abort(new Error(reason));
  }

  /** Resolves once no request is running, or after `timeoutMs`; true when idle. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.active.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * Wakes `whenIdle` on the next turn of the event loop, not now: the answer of the request that
   * just finished is still on its way to its transport (a few promise hops), and a drain that
   * closed the sockets at once would throw it away.
   */
  private wakeIdleWaiters(): void {
    setImmediate(() => {
      if (this.active.size === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    });
  }
}
