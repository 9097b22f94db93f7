/**
 * Child processes of the benchmark: spawned pinned to one core (taskset), talked to over IPC,
 * always reaped. CPU time of any pid from /proc. A free port on 127.0.0.1.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat reports clock ticks

export function hasTaskset() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins every thread of `pid` to `cpu` (best effort). */
export function pin(pid, cpu) {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives `pid` the lowest CPU priority: nice 19, and nice 19 for its autogroup too when it is not
 * ours. The second matters on Linux with `sched_autogroup_enabled`: a process that calls setsid()
 * (every PostgreSQL backend does) gets an autogroup of its own, and the kernel first shares a CPU
 * equally between autogroups, whatever the nice values of the tasks inside them. Returns what was
 * done: 'task' and/or 'autogroup' (empty when neither was allowed), or undefined if `pid` is gone.
 */
export function lowestPriority(pid) {
  const done = [];
  try {
    os.setPriority(pid, 19);
    done.push('task');
  } catch (err) {
    if ((err.info?.code ?? err.code) === 'ESRCH') return undefined; // gone (a backend that just ended)
  }
  try {
    const group = (p) => readFileSync(`/proc/${p}/autogroup`, 'utf8').split(' ')[0];
    if (group(pid) !== group('self')) {
      writeFileSync(`/proc/${pid}/autogroup`, '19');
      done.push('autogroup');
    }
  } catch {
    /* no autogroups in this kernel, or not allowed */
  }
  return done;
}

/** When a process started (clock ticks after boot, /proc/<pid>/stat field 22): with its pid, names it even if pids are reused. */
export function startTimeOf(pid) {
  const fields = statFields(pid);
  return fields && Number(fields[19]);
}

/** The fields of /proc/<pid>/stat after the command name (fields[0] is the state, field 3), or undefined when it is gone. */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime+stime of a process in ms, or undefined when it is gone. */
export function cpuMsOf(pid) {
  const fields = statFields(pid);
  // utime is field 14, stime field 15
  return fields && ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Minor page faults of a process so far (field 10), or undefined when it is gone. */
export function minorFaultsOf(pid) {
  const fields = statFields(pid);
  return fields && Number(fields[7]);
}

/** A process's environment as it started (NAME=value strings); [] when it cannot be read. */
export function environOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  } catch {
    return [];
  }
}

/** Direct children of `ppid` (e.g. PostgreSQL backends of the postmaster). */
export function childrenOf(ppid) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return out;
}

const children = new Set();

export class ServerProcess {
  /**
   * @param name      label for logs
   * @param argv      node arguments (script first) — node flags go in opts.nodeArgs
   * @param opts      { env, cpu, nodeArgs, readyTimeoutMs }
   */
  constructor(name, argv, opts = {}) {
    this.name = name;
    this.argv = argv;
    this.opts = opts;
    this.log = [];
    this.warnLines = 0;
    this.nextId = 1;
    this.waiting = new Map();
  }

  start() {
    const nodeArgv = [...(this.opts.nodeArgs ?? []), ...this.argv];
    const useTaskset = this.opts.cpu !== undefined && hasTaskset();
    const cmd = useTaskset ? 'taskset' : process.execPath;
    const args = useTaskset ? ['-c', String(this.opts.cpu), process.execPath, ...nodeArgv] : nodeArgv;
    this.pinned = useTaskset;
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, ...this.opts.env } });
    this.child = child;
    children.add(child);
    const keep = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        if (/"level":"(warn|error|fatal)"/.test(line) || !line.startsWith('{')) this.warnLines++;
        this.log.push(line.length > 2000 ? `${line.slice(0, 2000)}…` : line);
        if (this.log.length > 300) this.log.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (code, signal) => {
      children.delete(child);
      this.exited = { code, signal };
      for (const [, w] of this.waiting) w.reject(new Error(`${this.name} exited (${signal ?? code})`));
      this.waiting.clear();
    });
    child.on('message', (msg) => {
      if (msg.ready) {
        this.port = msg.port;
        this.pid = msg.pid;
        this.readyResolve?.(msg);
        return;
      }
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      if (msg.ok === false) w.reject(new Error(`${this.name}: ${msg.error}`));
      else w.resolve(msg);
    });
    const timeoutMs = this.opts.readyTimeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.tail()}`)), timeoutMs);
      this.readyResolve = (msg) => {
        clearTimeout(timer);
        resolve(msg);
      };
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited before ready (${signal ?? code}):\n${this.tail()}`));
      });
    });
  }

  tail(n = 30) {
    return this.log.slice(-n).join('\n');
  }

  rpc(cmd, extra = {}, timeoutMs = 30_000) {
    if (!this.child || this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: ${cmd} timed out`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, cmd, ...extra });
    });
  }

  cpuMs() {
    return cpuMsOf(this.child.pid);
  }

  minorFaults() {
    return minorFaultsOf(this.child.pid);
  }

  async stop(timeoutMs = 15_000) {
    if (!this.child || this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.rpc('stop', {}, timeoutMs).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Last resort: SIGKILL every child still alive (sync, usable from 'exit'). */
export function killAllChildren() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* ignore */
    }
  }
  children.clear();
}
