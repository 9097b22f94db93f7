import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import type { RequestId } from '@modelcontextprotocol/server';
import { EventBus } from '../events/event-bus.service';
import type { RequestAbort } from './request-abort';

/** A client's reason is kept for the log and the tool's signal, not stored: a few hundred characters do. */
const MAX_REASON = 500;
/**
 * A cancellation is passed on to other replicas (a NOTIFY and an event_log row) only for ids up
 * to this long, so a client cannot make the cluster store megabyte ids; SDKs use short ones.
 */
export const MAX_PASSED_ON_ID = 256;

/**
 * Requests running in a Streamable HTTP session on this replica, by session and JSON-RPC id.
 * Each HTTP POST is a connection of its own, so the POST carrying `notifications/cancelled`
 * never holds the request it names: it is found here, or, when it runs on another replica
 * (no load-balancer affinity), a `request.cancelled` event reaches it there. (A WebSocket
 * connection is the session, and its own in-flight table is enough.) A session that ends, on
 * any replica (`DELETE`, expiry), cancels its requests running here.
 */
@Injectable()
export class SessionRequests implements OnModuleInit {
  private readonly bySession = new Map<string, Map<RequestId, RequestAbort>>();

  constructor(@Optional() private readonly events?: EventBus) {}

  onModuleInit(): void {
    this.events?.on((event) => {
      if (event.type === 'session.closed') for (const id of event.sessionIds) this.cancelSession(id, 'session ended');
      else if (event.type === 'request.cancelled') this.get(event.sessionId, event.requestId)?.abort(new Error(event.reason));
    });
  }

  /**
   * Cancels the session's request `id`, here if it runs here, otherwise on whichever replica
   * runs it. The session id comes from a session the caller owns, so nobody else's requests
   * can be named. A request that runs nowhere (already answered) makes a harmless event. An id
   * longer than {@link MAX_PASSED_ON_ID} is cancelled here only.
   */
  async cancel(sessionId: string, id: RequestId, reason: string): Promise<void> {
    const request = this.get(sessionId, id);
    if (request) {
      request.abort(new Error(reason));
      return;
    }
    if (typeof id === 'string' && id.length > MAX_PASSED_ON_ID) return;
    await this.events?.publish({ type: 'request.cancelled', sessionId, requestId: id, reason: reason.slice(0, MAX_REASON) });
  }

  /** Cancels every request of the session running here. */
  cancelSession(sessionId: string, reason: string): void {
    const requests = this.bySession.get(sessionId);
    if (!requests) return;
    this.bySession.delete(sessionId);
    for (const abort of requests.values()) abort.abort(new Error(reason));
  }

  add(sessionId: string, id: RequestId, abort: RequestAbort): void {
    let requests = this.bySession.get(sessionId);
    if (!requests) this.bySession.set(sessionId, (requests = new Map()));
    requests.set(id, abort);
  }

  /** Forgets the request, if it is still the one registered under its id. */
  remove(sessionId: string, id: RequestId, abort: RequestAbort): void {
    const requests = this.bySession.get(sessionId);
    if (requests?.get(id) !== abort) return;
    requests.delete(id);
    if (requests.size === 0) this.bySession.delete(sessionId);
  }

  get(sessionId: string, id: RequestId): RequestAbort | undefined {
    return this.bySession.get(sessionId)?.get(id);
  }
}
