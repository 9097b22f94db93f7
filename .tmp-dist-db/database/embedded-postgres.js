"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startEmbeddedPostgres = startEmbeddedPostgres;
const node_child_process_1 = require("node:child_process");
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const pg_1 = require("pg");
const postgres_binaries_1 = require("./postgres-binaries");
const postmaster_pid_1 = require("./postmaster-pid");
const SUPERUSER = 'postgres';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
/**
 * Starts a real PostgreSQL from the binaries in node_modules, listening on 127.0.0.1:`port`.
 * The cluster is created on first use and kept across restarts (password auth, a random
 * password stored in `<dataDir>/pg.password`). A server orphaned by a crashed previous run is
 * shut down first, so a start after `kill -9` works.
 */
async function startEmbeddedPostgres(options) {
    const log = options.logger ?? (() => undefined);
    const binaries = (0, postgres_binaries_1.postgresBinaries)();
    const clusterDir = (0, node_path_1.join)(options.dataDir, 'pg');
    const password = ensureCluster(binaries, options.dataDir, clusterDir, log);
    await (0, postmaster_pid_1.stopOrphanedPostmaster)(clusterDir, log);
    const server = await startServer(binaries, clusterDir, options.port, log);
    const stop = () => stopServer(server);
    const adminUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
    const database = options.database ?? 'switchboard';
    try {
        await createDatabaseIfMissing(`${adminUrl}/postgres`, database);
    }
    catch (error) {
        await stop();
        throw error;
    }
    log(`embedded PostgreSQL ready on 127.0.0.1:${options.port} (data in ${clusterDir})`);
    return { url: `${adminUrl}/${database}`, stop };
}
/** initdb once; returns the superuser password. */
function ensureCluster(bin, dataDir, clusterDir, log) {
    const passwordFile = (0, node_path_1.join)(dataDir, 'pg.password');
    if ((0, node_fs_1.existsSync)((0, node_path_1.join)(clusterDir, 'PG_VERSION'))) {
        if (!(0, node_fs_1.existsSync)(passwordFile))
            throw new Error(`${passwordFile} is missing; cannot log in to ${clusterDir}`);
        return (0, node_fs_1.readFileSync)(passwordFile, 'utf8').trim();
    }
    log(`initialising embedded PostgreSQL cluster in ${clusterDir}`);
    (0, node_fs_1.mkdirSync)(dataDir, { recursive: true });
    (0, node_fs_1.rmSync)(clusterDir, { recursive: true, force: true }); // a half-written cluster from an interrupted initdb
    (0, node_fs_1.mkdirSync)(clusterDir, { mode: 0o700 });
    const password = (0, node_crypto_1.randomBytes)(18).toString('base64url');
    (0, node_fs_1.writeFileSync)(passwordFile, `${password}\n`, { mode: 0o600 });
    const pwFile = (0, node_path_1.join)(dataDir, `.initdb-pw-${process.pid}`);
    (0, node_fs_1.writeFileSync)(pwFile, `${password}\n`, { mode: 0o600 });
    if (bin.runAs) {
        (0, node_fs_1.chownSync)(clusterDir, bin.runAs.uid, bin.runAs.gid);
        (0, node_fs_1.chownSync)(pwFile, bin.runAs.uid, bin.runAs.gid);
    }
    try {
        const args = [`--pgdata=${clusterDir}`, `--username=${SUPERUSER}`, `--pwfile=${pwFile}`,
            '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale', '--no-instructions'];
        const result = (0, node_child_process_1.spawnSync)(bin.initdb, args, { ...bin.runAs, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
        if (result.error || result.status !== 0) {
            (0, node_fs_1.rmSync)(clusterDir, { recursive: true, force: true });
            throw new Error(`initdb failed for ${clusterDir}: ${result.error?.message ?? result.stderr.trim()}`);
        }
    }
    finally {
        (0, node_fs_1.unlinkSync)(pwFile);
    }
    return password;
}
function startServer(bin, clusterDir, port, log) {
    const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
    // Own process group: a Ctrl-C in the terminal reaches the app, which drains and then stops
    // the database, instead of PostgreSQL shutting down under in-flight requests.
    const child = (0, node_child_process_1.spawn)(bin.postgres, args, {
        ...bin.runAs, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' },
    });
    const stopOnExit = () => child.kill('SIGINT');
    process.once('exit', stopOnExit);
    return new Promise((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => fail(`not ready after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
        const fail = (why) => {
            clearTimeout(timer);
            process.removeListener('exit', stopOnExit);
            child.kill('SIGQUIT');
            reject(new Error(`Embedded PostgreSQL failed to start on port ${port} (${why}):\n${output.trim()}`));
        };
        const onData = (chunk) => {
            const text = chunk.toString('utf8');
            output += text;
            for (const line of text.split('\n'))
                if (line.trim())
                    log(line);
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
        child.stdout?.unref?.();
        child.stderr?.unref?.();
    });
}
async function stopServer(child) {
    if (child.exitCode !== null || child.signalCode !== null)
        return;
    const exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
    const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
}
async function createDatabaseIfMissing(adminUrl, database) {
    const client = new pg_1.Client({ connectionString: adminUrl });
    await client.connect();
    try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (!rowCount)
            await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    }
    finally {
        await client.end();
    }
}
//# sourceMappingURL=embedded-postgres.js.map