import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { signDevToken } from '../../src/auth/token-signer';
import { freePort } from './global-setup';
import { scratchDir } from './scratch';
import { ALL_SCOPES, TEST_AUDIENCE, TEST_SECRET } from './test-server';

const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const TAIL_BYTES = 64 * 1024;

/** Every child this helper spawned in this Jest worker; SIGKILLed if the worker exits first. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

export interface ServerProcessOptions {
  /** The PostgreSQL every replica shares. */
  databaseUrl: string;
  /** A readable name for logs and errors (A, B, ...). */
  name?: string;
  /** Fixed port (e.g. to restart a replica where it was); a free one otherwise. */
  port?: number;
  /** Extra environment; overrides the defaults below. */
  env?: Record<string, string>;
  /** How long to wait for /health/ready. */
  readyTimeoutMs?: number;
}

/**
 * One real `node dist/main.js` (what `npm start` runs), on 127.0.0.1 and its own port,
 * against a given DATABASE_URL, with the shared test secret and audience so that tokens
 * from {@link replicaToken} work on every replica. Output goes to a log file (and a tail in
 * memory) that errors from this helper quote.
 */
export class ServerProcess {
  readonly name: string;
  readonly port: number;
  readonly baseUrl: string;
  readonly mcpUrl: string;
  readonly wsUrl: string;
  readonly logFile: string;
  private child?: ChildProcess;
  private exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private tail = '';
  private log?: WriteStream;
  private starts = 0;

  private constructor(
    private readonly options: ServerProcessOptions,
    port: number,
    logDir: string,
  ) {
    this.name = options.name ?? `server-${port}`;
    this.port = port;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.mcpUrl = `${this.baseUrl}/mcp`;
    this.wsUrl = `ws://127.0.0.1:${port}/mcp`;
    this.logFile = join(logDir, `${this.name}.log`);
  }

  /** Spawns the process and resolves once `/health/ready` answers 200. */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const server = new ServerProcess(options, options.port ?? (await freePort()), scratchDir('switchboard-replica-'));
    await server.spawn();
    return server;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last 64 KiB of the process's output (every start of it). */
  logs(): string {
    return this.tail;
  }

  /** Starts the process again on the same port (after {@link stop} or {@link kill}). */
  async restart(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is still running (pid ${this.pid})`);
    await this.spawn();
  }

  /** SIGTERM (drain), then SIGKILL if it has not exited within `timeoutMs`. Resolves to the exit code. */
  async stop(timeoutMs = 15_000): Promise<number | null> {
    if (!this.child || !this.exited) return null;
    if (!this.running) return (await this.exited).code;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    try {
      return (await this.exited).code;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL: no drain, no flush. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.child || !this.exited) return;
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Polls `/health/ready` until it answers 200 (or the deadline / the process dies). */
  async waitReady(timeoutMs = this.options.readyTimeoutMs ?? 30_000): Promise<number> {
    const started = Date.now();
    const deadline = started + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running)
        throw this.failure(`${this.name} exited before it was ready (${JSON.stringify(this.child?.exitCode ?? this.child?.signalCode)})`);
      try {
        const res = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return Date.now() - started;
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
    throw this.failure(`${this.name} was not ready within ${timeoutMs} ms`);
  }

  /** An Error whose message ends with this process's recent output. */
  failure(message: string): Error {
    return new Error(`${message}\n--- ${this.name} (pid ${this.pid}, log ${this.logFile}) ---\n${this.tail.slice(-8_000)}`);
  }

  private async spawn(): Promise<void> {
    installExitHook();
    this.starts += 1;
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    const marker = `\n=== ${this.name}: start #${this.starts} on port ${this.port} at ${new Date().toISOString()} ===\n`;
    this.append(marker);
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.options.databaseUrl,
        AUTH_JWT_SECRET: TEST_SECRET,
        AUTH_AUDIENCE: TEST_AUDIENCE,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        SWITCHBOARD_DATA_DIR: scratchDir('switchboard-replica-data-'),
        RATE_LIMIT_RPS: '0',
        SHUTDOWN_GRACE_MS: '5000',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    this.child = child;
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        this.append(`=== ${this.name}: exited code=${code} signal=${signal} ===\n`);
        resolveExit({ code, signal });
      });
    });
    child.stdout!.on('data', (d: Buffer) => this.append(d.toString()));
    child.stderr!.on('data', (d: Buffer) => this.append(d.toString()));
    try {
      await this.waitReady();
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  private append(text: string): void {
    this.log?.write(text);
    this.tail = (this.tail + text).slice(-TAIL_BYTES);
  }
}

/** Starts `count` replicas (A, B, C, ...) in parallel on one database. */
export async function startReplicas(count: number, options: Omit<ServerProcessOptions, 'name' | 'port'>): Promise<ServerProcess[]> {
  const names = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => ServerProcess.start({ ...options, name: names[i] ?? `R${i}` })),
  );
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopAll(
      started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
      'kill',
    );
    throw failed.reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<ServerProcess>).value);
}

/** For afterAll: stops (or kills) every given process, ignoring ones never started. */
export async function stopAll(servers: Array<ServerProcess | undefined>, how: 'stop' | 'kill' = 'stop'): Promise<void> {
  await Promise.all(
    servers.map(async (s) => {
      if (!s) return;
      if (how === 'kill') await s.kill();
      else await s.stop();
    }),
  );
}

/**
 * Runs `body`; if it throws, the error message gets the recent output of every server
 * appended (the "capture logs on failure" half of this helper).
 */
export async function withServerLogs<T>(servers: Array<ServerProcess | undefined>, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    for (const server of servers) {
      if (server) err.message += `\n--- ${server.name} (log ${server.logFile}) ---\n${server.logs().slice(-6_000)}`;
    }
    throw err;
  }
}

/** A bearer token every replica started by this helper accepts. */
export function replicaToken(agentId: string, scopes: readonly string[] = ALL_SCOPES, ttlSeconds = 600): Promise<string> {
  return signDevToken({ secret: TEST_SECRET, agentId, scopes, audience: TEST_AUDIENCE, ttlSeconds });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
