import { Injectable } from '@nestjs/common';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { McpConnection } from '../protocol/mcp-connection';

/**
 * The open channels of each session on this replica (a WebSocket, or the standalone
 * `GET /mcp` stream over HTTP), for messages that belong to the session rather than to
 * one request: resource updates, list changes.
 */
@Injectable()
export class SessionChannels {
  private readonly channels = new Map<string, Set<McpConnection>>();

  private readonly openListeners = new Set<(sessionId: string) => void>();

  open(sessionId: string, connection: McpConnection): void {
    let set = this.channels.get(sessionId);
    if (!set) {
      this.channels.set(sessionId, (set = new Set()));
      for (const listener of this.openListeners) listener(sessionId);
    }
    set.add(connection);
  }

  /** Called when a session gets its first channel on this replica. */
  onFirstOpen(listener: (sessionId: string) => void): void {
    this.openListeners.add(listener);
  }

  close(sessionId: string, connection: McpConnection): void {
    const set = this.channels.get(sessionId);
    if (!set) return;
    set.delete(connection);
    if (set.size === 0) this.channels.delete(sessionId);
  }

  sessionIds(): string[] {
    return [...this.channels.keys()];
  }

  has(sessionId: string): boolean {
    return this.channels.has(sessionId);
  }

  /**
   * Delivers to one channel of the session here — the newest that takes it — since the
   * transport spec forbids sending one message on several streams; false when none took it.
   */
  notify(sessionId: string, message: JSONRPCMessage): boolean {
    const set = this.channels.get(sessionId);
    if (!set) return false;
    const newestFirst = [...set].reverse();
    for (const connection of newestFirst) if (connection.push(message)) return true;
    return false;
  }

  /** Ends every channel of these sessions on this replica. */
  endSessions(sessionIds: readonly string[]): void {
    for (const sessionId of sessionIds) for (const connection of this.channels.get(sessionId) ?? []) connection.endSession();
  }

  /** Delivers to every session with an open channel here. */
  broadcast(message: JSONRPCMessage, filter: (sessionId: string) => boolean = () => true): void {
    for (const sessionId of this.channels.keys()) if (filter(sessionId)) this.notify(sessionId, message);
  }
}
