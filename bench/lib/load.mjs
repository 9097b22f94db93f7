/**
 * Closed-loop load generation with as little client-side work as possible:
 *   - WebSocket agents: raw `ws` clients, one connection per agent, one request in flight.
 *   - HTTP agents: a hand-rolled HTTP/1.1 keep-alive client on `node:net` (one connection per
 *     agent, no pipelining; Content-Length and chunked bodies; JSON or single-event SSE answers).
 * Every loop is bounded in time and in count; every socket is tracked so it can be destroyed.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const now = () => performance.now();

/** Sockets opened by this module, destroyed by closeAllSockets() whatever happens. */
const openSockets = new Set();
export function closeAllSockets() {
  for (const s of openSockets) {
    try {
      if (s instanceof WebSocket) s.terminate();
      else s.destroy();
    } catch {
      /* ignore */
    }
  }
  openSockets.clear();
}
export function openSocketCount() {
  return openSockets.size;
}

// ---------------------------------------------------------------------------- validation

/** Default check: a JSON-RPC success whose result is not a tool error. */
export function okResult(text) {
  if (text.length > 4096) return cheapOk(text);
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    return false;
  }
  return !!msg && msg.result !== undefined && msg.result.isError !== true;
}

/** No full parse on the client, just the shape (for big answers: of their head and tail). */
export function cheapOk(text) {
  const head = text.length > 4096 ? text.slice(0, 512) : text;
  return text.startsWith('{') && head.includes('"result":') && !head.includes('"error":{"code"') && !head.includes('"isError":true') && text.endsWith('}');
}

/** Full JSON check for the first `n` answers of a system, then the cheap one (keeps the client light). */
export function sampledCheck(n = 200, full = okResult) {
  let left = n;
  return (text) => (left-- > 0 ? full(text) : cheapOk(text));
}

// ---------------------------------------------------------------------------- WebSocket agent

export class WsAgent {
  /**
   * headTailOver: answers longer than this many bytes are handed on as their first 512 and last
   * 128 bytes only (the client still receives every byte; it just does not decode and scan them).
   */
  constructor(url, { token, protocol = 'mcp', headTailOver = Infinity } = {}) {
    this.url = url;
    this.token = token;
    this.protocol = protocol;
    this.headTailOver = headTailOver;
    this.pending = undefined;
    this.dead = false;
  }

  open(timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const headers = this.token ? { Authorization: `Bearer ${this.token}` } : {};
      const ws = new WebSocket(this.url, this.protocol, { headers, perMessageDeflate: false, handshakeTimeout: timeoutMs });
      this.ws = ws;
      openSockets.add(ws);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('websocket open timed out'));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(this);
      });
      ws.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`websocket upgrade refused: HTTP ${res.statusCode}`));
        ws.terminate();
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('message', (data) => {
        const text =
          data.length > this.headTailOver ? `${data.toString('utf8', 0, 512)}…${data.toString('utf8', data.length - 128)}` : data.toString();
        // Server-initiated notifications carry no "id"; they are not answers.
        if (text.includes('"method":"notifications/') && !text.includes('"result"')) return;
        const cb = this.pending;
        this.pending = undefined;
        if (cb) cb(null, text);
      });
      ws.on('close', () => {
        this.dead = true;
        openSockets.delete(ws);
        const cb = this.pending;
        this.pending = undefined;
        if (cb) cb(new Error('websocket closed'));
      });
      ws.on('error', () => undefined);
    });
  }

  /** Sends one text frame; cb(err, answerText) on the next answer. */
  request(text, cb) {
    if (this.dead) return cb(new Error('websocket closed'));
    this.pending = cb;
    this.ws.send(text);
  }

  call(text, timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new Error('request timed out'));
      }, timeoutMs);
      this.request(text, (err, answer) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(answer);
      });
    });
  }

  notify(text) {
    if (!this.dead) this.ws.send(text);
  }

  close() {
    this.dead = true;
    if (this.ws) {
      try {
        this.ws.terminate();
      } catch {
        /* ignore */
      }
      openSockets.delete(this.ws);
    }
  }
}

// ---------------------------------------------------------------------------- HTTP agent

const CRLF2 = Buffer.from('\r\n\r\n');

export class HttpAgent {
  constructor(port, { path = '/mcp', headers = {} } = {}) {
    this.port = port;
    this.path = path;
    this.headers = { ...headers };
    this.socket = undefined;
    this.pending = undefined;
    this.buf = Buffer.alloc(0);
  }

  setHeader(name, value) {
    this.headers[name] = value;
    this.head = undefined;
  }

  connect() {
    const socket = net.connect({ port: this.port, host: '127.0.0.1', noDelay: true });
    socket.setNoDelay(true);
    openSockets.add(socket);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      openSockets.delete(socket);
      if (this.socket === socket) this.socket = undefined;
      const cb = this.pending;
      this.pending = undefined;
      this.buf = Buffer.alloc(0);
      if (cb) cb(new Error('connection closed'));
    });
    this.socket = socket;
  }

  headText() {
    if (!this.head) {
      let h = `POST ${this.path} HTTP/1.1\r\nHost: 127.0.0.1:${this.port}\r\nConnection: keep-alive\r\n`;
      for (const [k, v] of Object.entries(this.headers)) h += `${k}: ${v}\r\n`;
      this.head = h;
    }
    return this.head;
  }

  /** POSTs `body`; cb(err, { status, headers, body }) where body is the JSON text (SSE unwrapped). */
  request(body, cb) {
    if (!this.socket) this.connect();
    this.pending = cb;
    this.buf = Buffer.alloc(0);
    this.socket.write(`${this.headText()}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  call(body, timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.socket?.destroy();
        reject(new Error('request timed out'));
      }, timeoutMs);
      this.request(body, (err, res) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(res);
      });
    });
  }

  onData(chunk) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const end = this.buf.indexOf(CRLF2);
    if (end < 0) return;
    const headText = this.buf.subarray(0, end).toString('latin1');
    const lines = headText.split('\r\n');
    const status = Number(lines[0].split(' ')[1]);
    const headers = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      headers[lines[i].slice(0, colon).toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    const rest = this.buf.subarray(end + 4);
    let bodyBuf;
    if (headers['content-length'] !== undefined) {
      const len = Number(headers['content-length']);
      if (rest.length < len) return;
      bodyBuf = rest.subarray(0, len);
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      bodyBuf = decodeChunked(rest);
      if (!bodyBuf) return;
    } else if (status === 204 || status === 202 || status === 304) {
      bodyBuf = Buffer.alloc(0);
    } else {
      return; // read-until-close bodies are not used by the servers under test
    }
    this.buf = Buffer.alloc(0);
    let body = bodyBuf.toString('utf8');
    if (/text\/event-stream/i.test(headers['content-type'] ?? '')) body = sseData(body);
    const cb = this.pending;
    this.pending = undefined;
    if (/close/i.test(headers.connection ?? '')) this.socket?.end();
    if (cb) cb(null, { status, headers, body });
  }

  close() {
    this.socket?.destroy();
  }
}

function decodeChunked(buf) {
  const parts = [];
  let pos = 0;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', pos);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buf.subarray(pos, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return buf.indexOf('\r\n', lineEnd + 2) >= 0 ? Buffer.concat(parts) : undefined;
    const start = lineEnd + 2;
    if (buf.length < start + size + 2) return undefined;
    parts.push(buf.subarray(start, start + size));
    pos = start + size + 2;
  }
}

/** The last `data:` payload of an SSE body (a JSON-RPC answer). */
function sseData(text) {
  let last = '';
  for (const event of text.split(/\n\n/)) {
    const data = event
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (data) last = data;
  }
  return last;
}

// ---------------------------------------------------------------------------- driver

/**
 * Runs a closed loop: every agent sends its next request as soon as the previous one is
 * answered. Completions inside the measurement window (after warm-up) are counted and timed.
 *
 * send(agent, id, cb) issues one request and calls cb(err, ok).
 */
export function drive(agents, send, { warmupMs, durationMs, maxRequests = 5_000_000, graceMs = 3_000, onMeasureStart, onMeasureEnd }) {
  const capacity = Math.min(maxRequests, 5_000_000);
  const latencies = new Float64Array(capacity);
  let recorded = 0;
  let completed = 0;
  let errors = 0;
  let firstError;
  let inFlight = 0;
  let nextId = 1;
  const start = now();
  const measureStart = start + warmupMs;
  const measureEnd = measureStart + durationMs;
  let stopped = false;

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(hardStop);
      clearTimeout(startTimer);
      clearTimeout(stopTimer);
      const elapsedMs = measureEnd - measureStart;
      const lat = latencies.subarray(0, recorded).sort();
      resolve({
        requests: recorded,
        throughput: (recorded / elapsedMs) * 1000,
        p50: percentile(lat, 0.5),
        p90: percentile(lat, 0.9),
        p99: percentile(lat, 0.99),
        max: lat.length ? lat[lat.length - 1] : NaN,
        latencies: lat,
        errors,
        firstError,
        stuck: inFlight,
        totalCompleted: completed,
      });
    };
    const startTimer = setTimeout(() => onMeasureStart?.(), warmupMs);
    const stopTimer = setTimeout(() => {
      onMeasureEnd?.();
      stopped = true;
      if (inFlight === 0) finish();
    }, measureEnd - start);
    const hardStop = setTimeout(finish, measureEnd - start + graceMs);

    const loop = (agent) => {
      if (stopped || completed >= maxRequests) {
        if (inFlight === 0) {
          clearTimeout(stopTimer);
          stopped = true;
          finish();
        }
        return;
      }
      const t0 = now();
      inFlight++;
      send(agent, nextId++, (err, ok) => {
        const t1 = now();
        inFlight--;
        completed++;
        if (err || !ok) {
          errors++;
          firstError ??= err ? err.message : 'unexpected answer';
          // A dead WebSocket stops this agent (the others go on; the timers end the run).
          // An HTTP agent reconnects on its next request.
          if (err && agent.dead) {
            if (stopped && inFlight === 0) finish();
            return;
          }
        } else if (t0 >= measureStart && t1 <= measureEnd && recorded < capacity) {
          latencies[recorded++] = t1 - t0;
        }
        loop(agent);
      });
    };
    for (const agent of agents) loop(agent);
  });
}

export function percentile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Runs `task(i)` for i in [0, n) with at most `limit` in flight; collects results and errors.
 * Tasks not started by `deadline` (a performance.now() value) are skipped and counted as errors.
 */
export async function pool(n, limit, task, { deadline = Infinity } = {}) {
  const results = new Array(n);
  const errors = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      if (now() > deadline) {
        errors.push({ i, message: `not attempted: time budget of the step used up (${n - i} left)` });
        continue;
      }
      try {
        results[i] = await task(i);
      } catch (err) {
        errors.push({ i, message: err.message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return { results, errors };
}
