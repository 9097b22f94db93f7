import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Installs pinned npm packages that only tests use into a cache directory at test time,
 * instead of growing package.json: the same approach as scripts/conformance/run.mjs
 * (`npm install --prefix <dir>`, reinstalled only when the pinned version is missing).
 */
export const NPM_CACHE_ROOT = resolve(__dirname, '..', '..', 'node_modules', '.cache');

export class NpmInstallError extends Error {}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a command to completion, bounded by `timeoutMs` (SIGTERM, then SIGKILL 3 s later). */
export function runCommand(
  cmd: string,
  args: string[],
  opts: { timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
      killTimer.unref();
    }, opts.timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      done({ code: -1, stdout, stderr: stderr + String(err), timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      done({ code: code ?? (signal ? 128 : -1), stdout, stderr, timedOut });
    });
  });
}

function installedVersion(dir: string, pkg: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure `pkg@version` is installed under `dir` and returns the package's directory.
 * Throws {@link NpmInstallError} naming the registry when the install fails or times out.
 */
export async function ensureNpmPackage(pkg: string, version: string, dir: string, timeoutMs = 180_000): Promise<string> {
  const pkgDir = join(dir, 'node_modules', ...pkg.split('/'));
  if (installedVersion(dir, pkg) === version) return pkgDir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `switchboard-test-cache-${pkg.replace(/\W/g, '-')}`, private: true, dependencies: { [pkg]: version } }, null, 2),
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = await runCommand(
    npm,
    ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `${pkg}@${version}`],
    {
      timeoutMs,
      cwd: dir,
    },
  );
  if (res.code !== 0 || installedVersion(dir, pkg) !== version) {
    const why = res.timedOut ? `timed out after ${timeoutMs / 1000}s` : `exit ${res.code}`;
    throw new NpmInstallError(
      `npm install ${pkg}@${version} into ${dir} failed (${why}). This test installs it from the npm registry at test time: ` +
        `is the registry reachable (npm config get registry)?\n${(res.stderr || res.stdout).trim().slice(-2000)}`,
    );
  }
  if (!existsSync(pkgDir)) throw new NpmInstallError(`${pkg}@${version} is not in ${pkgDir} after npm install`);
  return pkgDir;
}
