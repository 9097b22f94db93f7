/**
 * JSON-RPC code of the error a request gets when its connection dropped before the
 * answer came (from the implementation-defined range -32000..-32099; the server never
 * sends it). The request may or may not have run on the server: retry only what is safe
 * to repeat (reads, idempotent tools, `context/update` with `ifVersion`).
 */
export const CONNECTION_LOST_CODE = -32098;

export interface ConnectionLostData {
  retriable: true;
  /** The WebSocket close code that ended the connection (1006 when it just dropped). */
  closeCode?: number;
}

/** Thrown by `send()` while the transport is reconnecting: nothing was sent, retry once connected. */
export class ConnectionLostError extends Error {
  readonly code = CONNECTION_LOST_CODE;
  readonly retriable = true;
  constructor(
    message: string,
    readonly data: ConnectionLostData = { retriable: true },
  ) {
    super(message);
    this.name = 'ConnectionLostError';
  }
}

/**
 * True for errors a reconnecting transport raised because the connection was lost: the
 * {@link ConnectionLostError} of a send while reconnecting, or the SDK `ProtocolError`
 * (code {@link CONNECTION_LOST_CODE}) that in-flight requests are rejected with.
 *
 * @example
 * try { await client.callTool({ name: 'inventory_stock', arguments: { sku } }); }
 * catch (error) { if (isConnectionLost(error)) { await connection.whenConnected(); retry(); } else throw error; }
 */
export function isConnectionLost(error: unknown): error is Error & { code: number; data: ConnectionLostData } {
  return error instanceof Error && (error as { code?: unknown }).code === CONNECTION_LOST_CODE;
}
