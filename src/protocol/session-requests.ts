import { Injectable } from '@nestjs/common';
import type { RequestId } from '@modelcontextprotocol/server';
import type { RequestAbort } from './request-abort';

/**
 * Requests running in a Streamable HTTP session on this replica, by session and JSON-RPC id.
 * Each HTTP POST is a connection of its own, so the POST carrying `notifications/cancelled`
 * never holds the request it names: it is found here. (A WebSocket connection is the session,
 * and its own in-flight table is enough.)
 */
@Injectable()
export class SessionRequests {
  private readonly bySession = new Map<string, Map<RequestId, RequestAbort>>();

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
