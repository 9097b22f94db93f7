#!/usr/bin/env node
/**
 * Would WebSocket compression (permessage-deflate) help a large `tools/list`? A bare `ws` server
 * (pinned to CPU 0 when taskset exists) answers 16 agents (this process, CPU 1) with a list of
 * about 30 KB, either as it is or compressed once up front: the deflated list sits between two
 * stored deflate blocks holding the JSON-RPC envelope (the id differs per answer), so the server
 * compresses nothing per answer and the clients inflate every answer, as a `ws` or browser
 * client would. Two lists: the benchmark's near-identical filler tools (compress ~30×) and 64
 * tools with varied words (~3.5×). Prints answers per second and the client's CPU for each.
 *
 *   node bench/experiments/list-deflate.mjs
 *
 * Everything on 127.0.0.1; every loop is bounded by SECONDS (3) per case.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { hasTaskset, pin } from '../lib/procs.mjs';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '..', '..');
const require = createRequire(join(ROOT, 'package.json'));
const { WebSocketServer, WebSocket, Sender } = require('ws');
const SECONDS = Number(process.env.SECONDS ?? 3);
const AGENTS = 16;

function fillerList() {
  return Array.from({ length: 100 }, (_, i) => ({
    name: `bench_extra_${i}`,
    title: `Bench extra ${i}`,
    description: `Benchmark filler tool number ${i}: echoes its text argument with a prefix. Exists to make tools/list long.`,
    inputSchema: { type: 'object', properties: { text: { type: 'string', maxLength: 4096 } }, required: ['text'], additionalProperties: false },
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  }));
}

/** 64 tools whose names, descriptions and parameters are words drawn from the README (seeded). */
function variedList() {
  const words = readFileSync(join(ROOT, 'README.md'), 'utf8').match(/[a-z]{3,}/gi);
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const pick = () => words[next() % words.length].toLowerCase();
  const text = (n) => Array.from({ length: n }, pick).join(' ');
  return Array.from({ length: 64 }, (_, i) => {
    const properties = {};
    for (let k = 0; k < 2 + (next() % 4); k++) properties[`${pick()}${k}`] = { type: ['string', 'integer', 'boolean'][next() % 3], description: text(6 + (next() % 8)) };
    return { name: `${pick()}_${pick()}_${i}`, description: text(15 + (next() % 20)), inputSchema: { type: 'object', properties, required: Object.keys(properties).slice(0, 1) } };
  });
}

// ------------------------------------------------------------------ server (child process)

function serve(listJson, compressed) {
  const list = Buffer.from(listJson);
  const head = (id) => Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(id)}`);
  const middle = Buffer.concat([Buffer.from(',"result":{"tools":'), list]);
  const tail = Buffer.from('}}');
  // Z_FULL_FLUSH: byte-aligned, and no back-reference into what comes before or after.
  const deflated = zlib.deflateRawSync(middle, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const stored = (bytes) => {
    const h = Buffer.alloc(5);
    h.writeUInt16LE(bytes.length, 1);
    h.writeUInt16LE(bytes.length ^ 0xffff, 3);
    return [h, bytes];
  };
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: compressed ? { serverNoContextTakeover: true, threshold: Number.MAX_SAFE_INTEGER } : false });
  wss.on('listening', () => process.send({ port: wss.address().port, bytes: middle.length, deflated: deflated.length }));
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const { id } = JSON.parse(data);
      if (compressed) {
        const payload = Buffer.concat([...stored(head(id)), deflated, ...stored(tail)]);
        ws._sender.sendFrame(Sender.frame(payload, { fin: true, rsv1: true, opcode: 1, mask: false, readOnly: false }));
      } else ws.send(Buffer.concat([head(id), middle, tail]), { binary: false });
    });
  });
  process.on('disconnect', () => process.exit(0));
}

// ------------------------------------------------------------------ load (this process)

async function measure(name, listJson, compressed) {
  const cmd = hasTaskset() ? 'taskset' : process.execPath;
  const args = [...(hasTaskset() ? ['-c', '0', process.execPath] : []), HERE, 'serve', compressed ? 'deflate' : 'plain'];
  const child = spawn(cmd, args, { stdio: ['pipe', 'inherit', 'inherit', 'ipc'] });
  child.stdin.end(listJson);
  try {
    const info = await new Promise((ok, fail) => {
      child.once('message', ok);
      child.once('exit', (code) => fail(new Error(`server exited (${code})`)));
    });
    const clients = await Promise.all(
      Array.from({ length: AGENTS }, () => {
        const ws = new WebSocket(`ws://127.0.0.1:${info.port}`, { perMessageDeflate: compressed ? {} : false });
        return new Promise((ok, fail) => ws.once('open', () => ok(ws)).once('error', fail));
      }),
    );
    let id = 0;
    let answers = 0;
    let wrong = 0;
    let counting = false;
    const end = performance.now() + 500 + SECONDS * 1000;
    setTimeout(() => {
      counting = true;
    }, 500);
    let t0;
    let cpu0;
    const first = setTimeout(() => {
      t0 = performance.now();
      cpu0 = process.cpuUsage();
    }, 500);
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise((done) => {
            ws.on('message', (data) => {
              if (counting) {
                answers++;
                if (answers % 1000 === 1 && JSON.parse(data).result.tools.length === 0) wrong++;
              }
              if (performance.now() > end) return done();
              ws.send(`{"jsonrpc":"2.0","id":${++id},"method":"tools/list"}`);
            });
            ws.send(`{"jsonrpc":"2.0","id":${++id},"method":"tools/list"}`);
          }),
      ),
    );
    clearTimeout(first);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    for (const ws of clients) ws.terminate();
    const size = compressed ? `${info.deflated} B deflated from ${info.bytes} B` : `${info.bytes} B`;
    process.stdout.write(
      `${name.padEnd(38)} ${size.padEnd(30)} ${String(Math.round(answers / seconds)).padStart(7)} answers/s   client CPU ${Math.round(((cpu.user + cpu.system) / 1e4) / seconds)}%${wrong ? `   ${wrong} bad answers` : ''}\n`,
    );
  } finally {
    child.kill();
  }
}

if (process.argv[2] === 'serve') {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  serve(Buffer.concat(chunks).toString(), process.argv[3] === 'deflate');
} else {
  if (hasTaskset()) pin(process.pid, 1);
  for (const [name, list] of [
    ['100 filler tools', JSON.stringify(fillerList())],
    ['64 tools, varied words', JSON.stringify(variedList())],
  ]) {
    await measure(`${name}, plain`, list, false);
    await measure(`${name}, deflated once`, list, true);
  }
}
