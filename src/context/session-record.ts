/** A session as stored: who, which revision, and the context it owns. */
export interface SessionRecord {
  id: string;
  agentId: string;
  transport: 'websocket' | 'http';
  protocolVersion: string;
  clientInfo: unknown;
  clientCapabilities: unknown;
  contextId: string;
  createdAt: Date;
  lastSeenAt: Date;
  closedAt: Date | null;
  /** Set by `logging/setLevel`; null until the client asks. */
  logLevel: string | null;
}
