/**
 * Benchmark child process: one baseline server on 127.0.0.1 (free port), chosen by argv[2]:
 *
 *   ws-echo      bare `ws` JSON-RPC echo: parses each text frame, answers a request with a
 *                result of the tools/call shape ({ content: [{ type: 'text', text }] }). With
 *                BENCH_TOOLS_LIST_FILE set, it answers `tools/list` with that file's bytes as the
 *                result, spliced once per answer: the transport's limit for a list of that size.
 *   http-echo    the same over bare `node:http` (POST, JSON body, JSON answer, keep-alive).
 *   sdk-stateful official MCP SDK v2: one McpServer + NodeStreamableHTTPServerTransport
 *                (@modelcontextprotocol/node) per session, sessionIdGenerator set,
 *                enableJsonResponse: true — the SDK's stateful Streamable HTTP idiom.
 *   sdk-handler  official MCP SDK v2 serving entry: createMcpHandler(factory) wrapped with
 *                toNodeHandler — a fresh McpServer per request (2025-era traffic goes through
 *                its stateless legacy fallback).
 *
 * Both SDK variants register the same trivial tool: `bench_echo` { text } -> text content.
 * IPC protocol identical to switchboard-server.cjs (ready / mem / profile-start / profile-stop / stop).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import { createRequire } from 'node:module';

const { smapsSummary } = createRequire(import.meta.url)('./smaps.cjs');

const mode = process.argv[2];
let server;
let wss;

function echoResult(msg) {
  const text = msg?.params?.arguments?.text ?? '';
  return { content: [{ type: 'text', text }] };
}

function jsonRpcAnswer(raw) {
  let msg;
  try {
    msg = JSON.parse(raw);
  } catch {
    return { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
  }
  if (msg.id === undefined) return undefined; // notification
  if (msg.method === 'initialize') {
    return { jsonrpc: '2.0', id: msg.id, result: { protocolVersion: msg.params?.protocolVersion ?? '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'bare-echo', version: '1.0.0' } } };
  }
  return { jsonrpc: '2.0', id: msg.id, result: echoResult(msg) };
}

/** The canned `tools/list` result (UTF-8 JSON bytes), or undefined. */
const cannedList = process.env.BENCH_TOOLS_LIST_FILE ? readFileSync(process.env.BENCH_TOOLS_LIST_FILE) : undefined;
const LIST_TAIL = Buffer.from('}');

/**
 * Writes the canned answer as one unmasked text frame straight to the TCP socket, header and
 * pieces in one writev, without copying the list (as Switchboard does): the fastest way `ws`'s
 * transport can carry it. Safe beside `ws`'s own writes as long as no permessage-deflate is used.
 */
function writeCannedListAnswer(tcp, msg) {
  const head = Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(msg.id)},"result":`);
  const length = head.length + cannedList.length + LIST_TAIL.length;
  let header;
  if (length < 126) header = Buffer.from([0x81, length]);
  else if (length < 0x10000) header = Buffer.from([0x81, 126, length >> 8, length & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 127;
    header.writeUInt32BE(length, 6);
  }
  tcp.cork();
  tcp.write(header);
  tcp.write(head);
  tcp.write(cannedList);
  tcp.write(LIST_TAIL);
  tcp.uncork();
}

async function startWsEcho() {
  const { WebSocketServer } = await import('ws');
  server = http.createServer((req, res) => res.writeHead(426).end());
  wss = new WebSocketServer({ server, path: '/mcp', perMessageDeflate: false, handleProtocols: (p) => (p.has('mcp') ? 'mcp' : false) });
  wss.on('connection', (socket, req) => {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      if (cannedList) {
        const msg = JSON.parse(text);
        if (msg.method === 'tools/list') return writeCannedListAnswer(req.socket, msg);
      }
      const answer = jsonRpcAnswer(text);
      if (answer) socket.send(JSON.stringify(answer));
    });
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function startHttpEcho() {
  server = http.createServer(async (req, res) => {
    if (req.method !== 'POST') return res.writeHead(405).end();
    const answer = jsonRpcAnswer(await readBody(req));
    if (!answer) return res.writeHead(202).end();
    const body = JSON.stringify(answer);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}

async function sdkServerFactory() {
  const { McpServer } = await import('@modelcontextprotocol/server');
  const z = await import('zod');
  return () => {
    const mcp = new McpServer({ name: 'sdk-baseline', version: '1.0.0' });
    mcp.registerTool(
      'bench_echo',
      { description: 'Benchmark tool: returns its text argument unchanged (no I/O).', inputSchema: z.object({ text: z.string().max(4096) }) },
      async ({ text }) => ({ content: [{ type: 'text', text }] }),
    );
    return mcp;
  };
}

async function startSdkStateful() {
  const { NodeStreamableHTTPServerTransport } = await import('@modelcontextprotocol/node');
  const makeServer = await sdkServerFactory();
  const transports = new Map();
  server = http.createServer(async (req, res) => {
    try {
      const sessionId = req.headers['mcp-session-id'];
      if (typeof sessionId === 'string') {
        const transport = transports.get(sessionId);
        if (!transport) return res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}');
        return await transport.handleRequest(req, res);
      }
      const transport = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (id) => transports.set(id, transport),
        onsessionclosed: (id) => transports.delete(id),
      });
      await makeServer().connect(transport);
      await transport.handleRequest(req, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    }
  });
}

async function startSdkHandler() {
  const { createMcpHandler } = await import('@modelcontextprotocol/server');
  const { toNodeHandler } = await import('@modelcontextprotocol/node');
  const makeServer = await sdkServerFactory();
  const handler = toNodeHandler(createMcpHandler(() => makeServer(), { responseMode: 'json' }));
  server = http.createServer((req, res) => void handler(req, res));
}

let profiler;
const post = (method, params) => new Promise((resolve, reject) => profiler.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));

function memory() {
  if (global.gc) for (let i = 0; i < 4; i++) global.gc();
  const m = process.memoryUsage();
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return { rss: Number(line.split(/\s+/)[1]) * 1024, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, gc: !!global.gc, smaps: smapsSummary() };
}

const gcStats = createRequire(import.meta.url)('./gc-stats.cjs').startGcStats();
process.on('message', async (msg) => {
  const reply = (body) => process.connected && process.send({ id: msg.id, ok: true, ...body });
  try {
    if (msg.cmd === 'mem') reply(memory());
    else if (msg.cmd === 'gc') reply({ gc: gcStats.snapshot() });
    else if (msg.cmd === 'profile-start') {
      profiler = new inspector.Session();
      profiler.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: msg.intervalUs || 250 });
      await post('Profiler.start');
      reply({});
    } else if (msg.cmd === 'profile-stop') {
      const { profile } = await post('Profiler.stop');
      profiler.disconnect();
      writeFileSync(msg.file, JSON.stringify(profile));
      reply({ file: msg.file });
    } else if (msg.cmd === 'stop') {
      for (const client of wss?.clients ?? []) client.terminate();
      server.closeAllConnections?.();
      server.close();
      reply({});
      setImmediate(() => process.exit(0));
    } else reply({ ok: false, error: `unknown cmd ${msg.cmd}` });
  } catch (err) {
    if (process.connected) process.send({ id: msg.id, ok: false, error: String(err?.stack ?? err) });
  }
});
process.on('disconnect', () => process.exit(0));

const starters = { 'ws-echo': startWsEcho, 'http-echo': startHttpEcho, 'sdk-stateful': startSdkStateful, 'sdk-handler': startSdkHandler };
if (!starters[mode]) {
  process.stderr.write(`unknown baseline mode ${mode}; one of ${Object.keys(starters).join(', ')}\n`);
  process.exit(2);
}
await starters[mode]();
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ ready: true, port: server.address().port, pid: process.pid }));
