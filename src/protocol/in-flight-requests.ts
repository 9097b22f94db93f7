import type { RequestId } from '@modelcontextprotocol/server';
import type { RequestAbort } from './request-abort';

/**
 * The requests being handled on one connection, by JSON-RPC id: what `notifications/cancelled`
 * and a closing connection abort. An agent mostly has none or one in flight, so the first lives
 * in two fields and only the others go to a Map. A JS Map that goes from empty to one entry and
 * back on every request reallocates its table both ways (under load: V8's `MapShrink`, page
 * faults on the fresh table), which this avoids.
 */
export class InFlightRequests {
  private firstId: RequestId | undefined;
  private first: RequestAbort | undefined;
  private more?: Map<RequestId, RequestAbort>;

  get size(): number {
    return (this.first ? 1 : 0) + (this.more?.size ?? 0);
  }

  get(id: RequestId): RequestAbort | undefined {
    return this.first && this.firstId === id ? this.first : this.more?.get(id);
  }

  /** Registers a request; a second one with the same id replaces the first (as a Map would). */
  set(id: RequestId, abort: RequestAbort): void {
    if (this.first && this.firstId === id) this.first = abort;
    else if (this.more?.has(id)) this.more.set(id, abort);
    else if (!this.first) {
      this.firstId = id;
      this.first = abort;
    } else (this.more ??= new Map()).set(id, abort);
  }

  delete(id: RequestId): void {
    if (this.first && this.firstId === id) {
      this.first = undefined;
      this.firstId = undefined;
    } else this.more?.delete(id);
  }

  /** Aborts every request and forgets them all. */
  abortAll(reason: unknown): void {
    const first = this.first;
    const more = this.more ? [...this.more.values()] : [];
    this.first = undefined;
    this.firstId = undefined;
    this.more?.clear();
    first?.abort(reason);
    for (const abort of more) abort.abort(reason);
  }
}
