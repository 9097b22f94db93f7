import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const SHUTDOWN_WAIT_MS = 30_000;

/**
 * Deals with the `postmaster.pid` a previous run left behind. The server is a separate process
 * group, so when the app is killed with -9 PostgreSQL keeps running, orphaned, holding the
 * cluster and the port: we ask it for a fast shutdown and wait. If the recorded process is gone
 * (or the PID now belongs to something else), the file is stale and is removed.
 */
export async function stopOrphanedPostmaster(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgres(pid)) {
    log(`removing stale ${pidFile} (PID ${pid} is not running)`);
    unlinkSync(pidFile);
    return;
  }
  log(`PostgreSQL (PID ${pid}) from a previous run still holds ${clusterDir}; shutting it down`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + SHUTDOWN_WAIT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL (PID ${pid}) holding ${clusterDir} did not shut down within ${SHUTDOWN_WAIT_MS} ms`);
    }
    await sleep(50);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

// An exited server whose parent never reaps it (e.g. PID 1 in a container) still answers kill 0.
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** On Linux, checks the process really is a postgres server; elsewhere assumes so. */
function isPostgres(pid: number): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(cmdline, 'utf8').split('\0')[0].endsWith('postgres');
  } catch {
    return false;
  }
}
