import type { WebSocket } from 'ws';
import { WebSocketConnection } from './websocket-connection';

/** Records what a connection does to its socket, in order. */
function fakeSocket(name: string, log: string[]) {
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send: (data: string | Buffer, options: { binary: boolean }) =>
      log.push(`${name} send ${String(data).length > 64 ? `<${String(data).length} chars>` : String(data)} binary=${options.binary}`),
    close: (code: number) => {
      socket.readyState = 2; // CLOSING, as ws does
      log.push(`${name} close ${code}`);
    },
  };
  return socket as unknown as WebSocket;
}

const identity = { agentId: 'a', scopes: new Set<string>(), expiresAt: Infinity } as never;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('WebSocketConnection', () => {
  it('sends the frames of one event-loop turn together at its end, in order, as text', async () => {
    const log: string[] = [];
    const a = new WebSocketConnection(fakeSocket('a', log), identity, 's1');
    const b = new WebSocketConnection(fakeSocket('b', log), identity, 's2');
    a.sendText('1');
    b.sendText(Buffer.from('2'));
    a.sendText('3');
    expect(log).toEqual([]);
    await nextTurn();
    expect(log).toEqual(['a send 1 binary=false', 'b send 2 binary=false', 'a send 3 binary=false']);
  });

  it('sends what is queued before a close, so a last message is never overtaken by the close frame', async () => {
    const log: string[] = [];
    const a = new WebSocketConnection(fakeSocket('a', log), identity, 's1');
    a.sendText('goodbye');
    a.endSession();
    expect(log).toEqual(['a send goodbye binary=false', 'a close 1000']);
    await nextTurn();
    expect(log).toHaveLength(2);
  });

  it('refuses to queue for a socket that is not open, and closes a reader that stopped reading', () => {
    const log: string[] = [];
    const closed = Object.assign(fakeSocket('c', log), { readyState: 3 });
    expect(new WebSocketConnection(closed, identity, 's').sendText('x')).toBe(false);
    const slow = Object.assign(fakeSocket('s', log), { bufferedAmount: 9 * 1024 * 1024 });
    expect(new WebSocketConnection(slow, identity, 's').sendText('x')).toBe(false);
    expect(log).toEqual(['s close 1008']);
  });

  it('counts the frames still queued in this turn against the cap, so a burst of large answers cannot pass it', async () => {
    const log: string[] = [];
    const a = new WebSocketConnection(fakeSocket('a', log), identity, 's1');
    const mib = 'x'.repeat(1024 * 1024);
    const accepted: boolean[] = [];
    for (let i = 0; i < 20; i++) accepted.push(a.sendText(mib));
    // Up to the 8 MiB cap, plus the one that crossed it; then the socket is closed after what was queued.
    expect(accepted.filter(Boolean)).toHaveLength(9);
    expect(log.filter((l) => l.startsWith('a send'))).toHaveLength(9);
    expect(log[log.length - 1]).toBe('a close 1008');
    await nextTurn();
    expect(a.queuedBytes).toBe(0);
  });
});
