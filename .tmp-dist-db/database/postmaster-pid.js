"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.stopOrphanedPostmaster = stopOrphanedPostmaster;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const promises_1 = require("node:timers/promises");
const SHUTDOWN_WAIT_MS = 30_000;
/**
 * Deals with the `postmaster.pid` a previous run left behind. The server is a separate process
 * group, so when the app is killed with -9 PostgreSQL keeps running, orphaned, holding the
 * cluster and the port: we ask it for a fast shutdown and wait. If the recorded process is gone
 * (or the PID now belongs to something else), the file is stale and is removed.
 */
async function stopOrphanedPostmaster(clusterDir, log) {
    const pidFile = (0, node_path_1.join)(clusterDir, 'postmaster.pid');
    if (!(0, node_fs_1.existsSync)(pidFile))
        return;
    const pid = Number((0, node_fs_1.readFileSync)(pidFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgres(pid)) {
        log(`removing stale ${pidFile} (PID ${pid} is not running)`);
        (0, node_fs_1.unlinkSync)(pidFile);
        return;
    }
    log(`PostgreSQL (PID ${pid}) from a previous run still holds ${clusterDir}; shutting it down`);
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + SHUTDOWN_WAIT_MS;
    while (isAlive(pid)) {
        if (Date.now() > deadline) {
            throw new Error(`PostgreSQL (PID ${pid}) holding ${clusterDir} did not shut down within ${SHUTDOWN_WAIT_MS} ms`);
        }
        await (0, promises_1.setTimeout)(50);
    }
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
    }
    catch (error) {
        return error.code === 'EPERM';
    }
    return !isZombie(pid);
}
// An exited server whose parent never reaps it (e.g. PID 1 in a container) still answers kill 0.
function isZombie(pid) {
    try {
        const stat = (0, node_fs_1.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
    }
    catch {
        return false;
    }
}
/** On Linux, checks the process really is a postgres server; elsewhere assumes so. */
function isPostgres(pid) {
    const cmdline = `/proc/${pid}/cmdline`;
    if (!(0, node_fs_1.existsSync)('/proc/self/cmdline'))
        return true;
    try {
        return (0, node_fs_1.readFileSync)(cmdline, 'utf8').split('\0')[0].endsWith('postgres');
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=postmaster-pid.js.map