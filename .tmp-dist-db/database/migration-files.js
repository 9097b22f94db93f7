"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.migrationNames = migrationNames;
exports.readMigrationList = readMigrationList;
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const package_paths_1 = require("./package-paths");
const LOCKFILE = 'migration_lock.toml';
const MIGRATION_FILE = 'migration.sql';
/** Names of the migrations in `prisma/migrations`, in the order Prisma applies them. */
async function migrationNames(dir = (0, package_paths_1.migrationsDir)()) {
    const entries = await (0, promises_1.readdir)(dir, { withFileTypes: true });
    return entries
        .filter((e) => e.isDirectory() && (0, node_fs_1.existsSync)((0, node_path_1.join)(dir, e.name, MIGRATION_FILE)))
        .map((e) => e.name)
        .sort();
}
/** The migrations folder read into the shape the schema engine expects (what the CLI passes). */
async function readMigrationList(dir = (0, package_paths_1.migrationsDir)()) {
    const names = await migrationNames(dir);
    const migrationDirectories = await Promise.all(names.map(async (name) => ({
        path: name,
        migrationFile: {
            path: MIGRATION_FILE,
            content: { tag: 'ok', value: await (0, promises_1.readFile)((0, node_path_1.join)(dir, name, MIGRATION_FILE), 'utf8') },
        },
    })));
    const lockPath = (0, node_path_1.join)(dir, LOCKFILE);
    return {
        baseDir: dir,
        lockfile: { path: LOCKFILE, content: (0, node_fs_1.existsSync)(lockPath) ? await (0, promises_1.readFile)(lockPath, 'utf8') : null },
        shadowDbInitScript: '',
        migrationDirectories,
    };
}
//# sourceMappingURL=migration-files.js.map