import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { WebSocketConnection, textFrameHeader } from './websocket-connection';

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

  it('counts text against the cap in UTF-8 bytes, not characters', () => {
    const log: string[] = [];
    const a = new WebSocketConnection(fakeSocket('a', log), identity, 's1');
    const threeMib = '€'.repeat(1024 * 1024); // 1 Mi characters, 3 MiB of UTF-8
    const accepted: boolean[] = [];
    for (let i = 0; i < 8; i++) accepted.push(a.sendText(threeMib));
    // 3 MiB queued, 6, 9 (past the cap): the fourth is refused, where counting characters would take all eight.
    expect(accepted).toEqual([true, true, true, false, false, false, false, false]);
    expect(log[log.length - 1]).toBe('a close 1008');
  });

  it('joins a message in pieces and sends it through ws when it has no TCP socket of its own', async () => {
    const log: string[] = [];
    const a = new WebSocketConnection(fakeSocket('a', log), identity, 's1');
    a.sendText([Buffer.from('{"a":'), Buffer.from('1}')]);
    await nextTurn();
    expect(log).toEqual(['a send {"a":1} binary=false']);
  });
});

describe('textFrameHeader', () => {
  it('encodes the payload length in 7 bits, 16 bits or 64 bits, for a final unmasked text frame', () => {
    expect([...textFrameHeader(0)]).toEqual([0x81, 0]);
    expect([...textFrameHeader(125)]).toEqual([0x81, 125]);
    expect([...textFrameHeader(126)]).toEqual([0x81, 126, 0, 126]);
    expect([...textFrameHeader(65_535)]).toEqual([0x81, 126, 0xff, 0xff]);
    expect([...textFrameHeader(65_536)]).toEqual([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect([...textFrameHeader(2 ** 32 + 5)]).toEqual([0x81, 127, 0, 0, 0, 1, 0, 0, 0, 5]);
  });
});

describe('WebSocketConnection over a real socket', () => {
  let server: WebSocketServer;
  let client: WebSocket | undefined;
  beforeEach(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise((resolve) => server.once('listening', resolve));
  });
  afterEach(async () => {
    client?.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A connected pair: the server side wrapped in a WebSocketConnection with its TCP socket, and a `ws` client collecting text messages. */
  async function connect(): Promise<{ connection: WebSocketConnection; received: string[]; binary: boolean[] }> {
    const accepted = new Promise<WebSocketConnection>((resolve) =>
      server.once('connection', (socket, req) => resolve(new WebSocketConnection(socket, identity, 's', req.socket as Socket))),
    );
    const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate: false });
    client = ws;
    const received: string[] = [];
    const binary: boolean[] = [];
    ws.on('message', (data, isBinary) => {
      received.push(String(data));
      binary.push(isBinary);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return { connection: await accepted, received, binary };
  }

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('writes a message in pieces as one valid text frame at every length encoding, in order with ws frames', async () => {
    const { connection, received, binary } = await connect();
    const big = Buffer.from('y'.repeat(70_000));
    const mid = Buffer.from('é'.repeat(200)); // 400 bytes of two-byte characters: the length is counted in bytes
    const sent = [
      [Buffer.from('{"n":1,"v":"'), Buffer.from('x'), Buffer.from('"}')],
      '{"n":2}',
      [Buffer.from('{"n":3,"v":"'), mid, Buffer.from('"}')],
      [Buffer.from('{"n":4,"v":"'), big, Buffer.from('"}')],
      Buffer.from('{"n":5}'),
    ];
    for (const message of sent) expect(connection.sendText(message)).toBe(true);
    await until(() => received.length === 5);
    expect(received).toEqual(sent.map((m) => (Array.isArray(m) ? Buffer.concat(m).toString() : String(m))));
    expect(binary).toEqual([false, false, false, false, false]);
    // The connection is still good both ways: a ping is answered.
    const pong = new Promise((resolve) => client?.once('pong', resolve));
    client?.ping();
    await pong;
  });

  it('sends what is queued before its close frame, and nothing after it', async () => {
    const { connection, received } = await connect();
    const closed = new Promise<number>((resolve) => client?.once('close', resolve));
    connection.sendText([Buffer.from('{"last":'), Buffer.from('true}')]);
    connection.endSession();
    expect(connection.sendText([Buffer.from('{"late":'), Buffer.from('true}')])).toBe(false);
    expect(await closed).toBe(1000);
    expect(received).toEqual(['{"last":true}']);
  });
});
