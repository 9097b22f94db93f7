import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, readBody } from './read-body';

const LIMIT = 64;

/** A real server on 127.0.0.1 whose handler reports what readBody did with each request. */
describe('readBody', () => {
  let server: Server;
  let port: number;
  type Outcome = { body?: string; error?: unknown; bytesSeenBeforeVerdict: number };
  let outcomes: Array<Promise<Outcome>>;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      const outcome = readBody(req, LIMIT).then(
        (body): Outcome => ({ body, bytesSeenBeforeVerdict: bytes }),
        (error: unknown): Outcome => ({ error, bytesSeenBeforeVerdict: bytes }),
      );
      outcomes.push(outcome);
      void outcome.then((o) => {
        res.statusCode = o.error ? 413 : 200;
        res.end(o.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    outcomes = [];
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Sends headers, then the chunks one by one (yielding between them); resolves with the status. */
  function send(chunks: Array<string | Buffer>, headers: Record<string, string | number> = {}, holdOpen = false) {
    return new Promise<{ status: number; body: string; req: ReturnType<typeof request> }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/mcp', headers }, (res: IncomingMessage) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString('utf8'), req }));
      });
      req.on('error', reject);
      req.flushHeaders();
      void (async () => {
        for (const chunk of chunks) {
          if (req.destroyed) return;
          req.write(chunk);
          await new Promise((r) => setTimeout(r, 5));
        }
        if (!holdOpen) req.end();
      })();
    });
  }

  it('returns a body under the limit as UTF-8 text', async () => {
    const response = await send(['{"jsonrpc":"2.0",', '"id":1,"method":"ping"}']);
    expect(response.status).toBe(200);
    expect(await outcomes[0]).toMatchObject({ body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const bytes = Buffer.from('{"name":"Zoë 🚀 東京"}', 'utf8');
    const cut = bytes.indexOf(Buffer.from('🚀')) + 2; // in the middle of the emoji
    await send([bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect((await outcomes[0]).body).toBe('{"name":"Zoë 🚀 東京"}');
  });

  it('accepts a body of exactly the limit, and an empty body', async () => {
    await send(['x'.repeat(LIMIT)]);
    await send([]);
    expect((await outcomes[0]).body).toBe('x'.repeat(LIMIT));
    expect((await outcomes[1]).body).toBe('');
  });

  it('rejects an over-limit Content-Length before reading any of the body', async () => {
    // The client announces 10 kB but sends nothing: the verdict must not wait for the body.
    const pending = send([], { 'content-length': 10_000 }, true);
    const outcome = await waitForOutcome();
    expect(outcome.error).toBeInstanceOf(BodyTooLargeError);
    expect((outcome.error as Error).message).toBe(`body of 10000 bytes exceeds the ${LIMIT}-byte limit`);
    expect(outcome.bytesSeenBeforeVerdict).toBe(0);
    const response = await pending;
    expect(response.status).toBe(413);
    response.req.destroy();
  });

  it('rejects a chunked body once it passes the limit while streaming', async () => {
    const response = await send(
      Array.from({ length: 10 }, () => 'y'.repeat(20)),
      { 'transfer-encoding': 'chunked' },
    );
    const outcome = await outcomes[0];
    expect(response.status).toBe(413);
    expect(outcome.error).toBeInstanceOf(BodyTooLargeError);
    expect((outcome.error as Error).message).toBe(`body exceeds the ${LIMIT}-byte limit`);
    // it gave up at the first chunk over the limit, not after buffering all 200 bytes
    expect(outcome.bytesSeenBeforeVerdict).toBeLessThanOrEqual(LIMIT + 20);
  });

  async function waitForOutcome() {
    while (outcomes.length === 0) await new Promise((r) => setTimeout(r, 5));
    return outcomes[0];
  }
});
