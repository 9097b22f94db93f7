/**
 * A request's cancellation handle whose `AbortSignal` is made only when something asks for it.
 * Node's `AbortController` is an EventTarget and costs several microseconds to construct, while
 * most requests finish without anyone listening; `notifications/cancelled` and connection close
 * still reach every request, and a signal asked for after the abort is born aborted.
 */
export class RequestAbort {
  private controller?: AbortController;
  private abortedWith?: { reason: unknown };

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedWith) this.controller.abort(this.abortedWith.reason);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.abortedWith !== undefined;
  }

  abort(reason?: unknown): void {
    if (this.abortedWith) return;
    this.abortedWith = { reason };
    this.controller?.abort(reason);
  }
}
