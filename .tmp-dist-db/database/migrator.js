"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.applyMigrations = applyMigrations;
exports.pendingMigrations = pendingMigrations;
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const pg_1 = require("pg");
const migration_files_1 = require("./migration-files");
const package_paths_1 = require("./package-paths");
const schema_engine_runner_1 = require("./schema-engine-runner");
/**
 * Applies every pending migration in `prisma/migrations` to the database, as
 * `prisma migrate deploy` does (same engine, same `_prisma_migrations` bookkeeping, same
 * advisory lock, so concurrent replicas take turns). Returns the names it applied.
 */
async function applyMigrations(databaseUrl, dir = (0, package_paths_1.migrationsDir)()) {
    const schemaPath = (0, package_paths_1.prismaSchemaPath)();
    const output = await (0, schema_engine_runner_1.runSchemaEngine)({
        command: 'applyMigrations',
        databaseUrl,
        datamodels: [[(0, node_path_1.basename)(schemaPath), await (0, promises_1.readFile)(schemaPath, 'utf8')]],
        input: {
            migrationsList: await (0, migration_files_1.readMigrationList)(dir),
            filters: { externalTables: [], externalEnums: [] },
        },
    });
    return output.appliedMigrationNames;
}
/**
 * The migrations in the folder that the database has not (successfully) applied. Cheap: one
 * query on `_prisma_migrations` with plain `pg`, no engine, so a readiness probe can call it.
 */
async function pendingMigrations(databaseUrl, dir = (0, package_paths_1.migrationsDir)()) {
    const [expected, applied] = await Promise.all([(0, migration_files_1.migrationNames)(dir), appliedMigrationNames(databaseUrl)]);
    return expected.filter((name) => !applied.has(name));
}
async function appliedMigrationNames(databaseUrl) {
    const client = new pg_1.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
        const { rows } = await client.query(`SELECT migration_name FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
        return new Set(rows.map((r) => r.migration_name));
    }
    catch (error) {
        if (error.code === '42P01')
            return new Set(); // no table yet: nothing applied
        throw error;
    }
    finally {
        await client.end();
    }
}
//# sourceMappingURL=migrator.js.map