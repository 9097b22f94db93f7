import { fetchMcp } from './mcp-ws-client';

/**
 * One POST /mcp whose answer is read as it arrives: every JSON-RPC message of an SSE stream
 * (or the one JSON body) is collected, and {@link next} waits for the one a test expects,
 * e.g. an elicitation request in the middle of a tool call.
 */
export class StreamingPost {
  readonly messages: any[] = [];
  /** Resolves when the response has ended (its HTTP status by then). */
  readonly done: Promise<number>;
  private waiters: Array<{ match: (m: any) => boolean; resolve: (m: any) => void }> = [];

  constructor(url: string, token: string, body: unknown, headers: Record<string, string>) {
    this.done = this.read(url, token, body, headers);
  }

  /** The first message (already received or still to come) that matches, within `ms`. */
  next(match: (message: any) => boolean, ms: number, what: string): Promise<any> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what}: not received within ${ms} ms; got ${JSON.stringify(this.messages).slice(0, 2000)}`)),
        ms,
      );
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  private async read(url: string, token: string, body: unknown, headers: Record<string, string>): Promise<number> {
    const res = await fetchMcp(url, token, body, headers, 30_000);
    if (!/text\/event-stream/.test(res.headers.get('content-type') ?? '')) {
      const text = await res.text();
      if (text) this.received(JSON.parse(text));
      return res.status;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        buffer = buffer.slice(end + 2);
        if (data) this.received(JSON.parse(data));
      }
    }
    return res.status;
  }

  private received(message: any): void {
    this.messages.push(message);
    for (const waiter of this.waiters.filter((w) => w.match(message))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  }
}
