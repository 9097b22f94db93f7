import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Client } from 'pg';
import type { ApplyMigrationsOutput } from '@prisma/schema-engine-wasm' with { 'resolution-mode': 'import' };
import { migrationNames, readMigrationList } from './migration-files';
import { migrationsDir, prismaSchemaPath } from './package-paths';
import { runSchemaEngine } from './schema-engine-runner';

/**
 * Applies every pending migration in `prisma/migrations` to the database, as
 * `prisma migrate deploy` does (same engine, same `_prisma_migrations` bookkeeping, same
 * advisory lock, so concurrent replicas take turns). Returns the names it applied.
 */
export async function applyMigrations(databaseUrl: string, dir: string = migrationsDir()): Promise<string[]> {
  const schemaPath = prismaSchemaPath();
  const output = await runSchemaEngine<ApplyMigrationsOutput>({
    command: 'applyMigrations',
    databaseUrl,
    datamodels: [[basename(schemaPath), await readFile(schemaPath, 'utf8')]],
    input: {
      migrationsList: await readMigrationList(dir),
      filters: { externalTables: [], externalEnums: [] },
    },
  });
  return output.appliedMigrationNames;
}

/**
 * The migrations in the folder that the database has not (successfully) applied. Cheap: one
 * query on `_prisma_migrations` with plain `pg`, no engine, so a readiness probe can call it.
 */
export async function pendingMigrations(databaseUrl: string, dir: string = migrationsDir()): Promise<string[]> {
  const [expected, applied] = await Promise.all([migrationNames(dir), appliedMigrationNames(databaseUrl)]);
  return expected.filter((name) => !applied.has(name));
}

async function appliedMigrationNames(databaseUrl: string): Promise<Set<string>> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.map((r) => r.migration_name));
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return new Set(); // no table yet: nothing applied
    throw error;
  } finally {
    await client.end();
  }
}
