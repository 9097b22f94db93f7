import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { type PostgresBinaries, postgresBinaries } from './postgres-binaries';
import { stopOrphanedPostmaster } from './postmaster-pid';

export interface EmbeddedPostgresOptions {
  /** The app's data directory; the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  port: number;
  /** Receives PostgreSQL's own log lines and our lifecycle messages. */
  logger?: (message: string) => void;
  /** Database to create (if missing) and return the URL of. Default `switchboard`. */
  database?: string;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

/**
 * Starts a real PostgreSQL from the binaries in node_modules, listening on 127.0.0.1:`port`.
 * The cluster is created on first use and kept across restarts (password auth, a random
 * password stored in `<dataDir>/pg.password`). A server orphaned by a crashed previous run is
 * shut down first, so a start after `kill -9` works.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.logger ?? (() => undefined);
  const binaries = postgresBinaries();
  const clusterDir = join(options.dataDir, 'pg');
  const password = ensureCluster(binaries, options.dataDir, clusterDir, log);
  await stopOrphanedPostmaster(clusterDir, log);

  const server = await startServer(binaries, clusterDir, options.port, log);
  const stop = () => stopServer(server);
  const adminUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const database = options.database ?? 'switchboard';
  try {
    await createDatabaseIfMissing(`${adminUrl}/postgres`, database);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${options.port} (data in ${clusterDir})`);
  return { url: `${adminUrl}/${database}`, stop };
}

/** initdb once; returns the superuser password. */
function ensureCluster(bin: PostgresBinaries, dataDir: string, clusterDir: string, log: (m: string) => void): string {
  const passwordFile = join(dataDir, 'pg.password');
  if (existsSync(join(clusterDir, 'PG_VERSION'))) {
    if (!existsSync(passwordFile)) throw new Error(`${passwordFile} is missing; cannot log in to ${clusterDir}`);
    return readFileSync(passwordFile, 'utf8').trim();
  }
  log(`initialising embedded PostgreSQL cluster in ${clusterDir}`);
  mkdirSync(dataDir, { recursive: true });
  rmSync(clusterDir, { recursive: true, force: true }); // a half-written cluster from an interrupted initdb
  mkdirSync(clusterDir, { mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const pwFile = join(dataDir, `.initdb-pw-${process.pid}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (bin.runAs) {
    chownSync(clusterDir, bin.runAs.uid, bin.runAs.gid);
    chownSync(pwFile, bin.runAs.uid, bin.runAs.gid);
  }
  try {
    const args = [
      `--pgdata=${clusterDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
      '--no-instructions',
    ];
    const result = spawnSync(bin.initdb, args, { ...bin.runAs, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    if (result.error || result.status !== 0) {
      rmSync(clusterDir, { recursive: true, force: true });
      throw new Error(`initdb failed for ${clusterDir}: ${result.error?.message ?? result.stderr.trim()}`);
    }
  } finally {
    unlinkSync(pwFile);
  }
  return password;
}

function startServer(bin: PostgresBinaries, clusterDir: string, port: number, log: (m: string) => void) {
  const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  // Own process group: a Ctrl-C in the terminal reaches the app, which drains and then stops
  // the database, instead of PostgreSQL shutting down under in-flight requests.
  const child = spawn(bin.postgres, args, {
    ...bin.runAs,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  return new Promise<ChildProcess>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(`not ready after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      process.removeListener('exit', stopOnExit);
      child.kill('SIGQUIT');
      reject(new Error(`Embedded PostgreSQL failed to start on port ${port} (${why}):\n${output.trim()}`));
    };
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line);
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => {
      process.removeListener('exit', stopOnExit);
      fail(`exited with ${signal ?? `code ${code}`}`);
    });
    // PostgreSQL alone must not keep Node alive; stop() or the exit hook ends it.
    child.unref();
    (child.stdout as unknown as { unref?(): void })?.unref?.();
    (child.stderr as unknown as { unref?(): void })?.unref?.();
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
  const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
