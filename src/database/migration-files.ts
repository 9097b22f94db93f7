import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MigrationDirectory, MigrationList } from '@prisma/schema-engine-wasm' with { 'resolution-mode': 'import' };
import { migrationsDir } from './package-paths';

const LOCKFILE = 'migration_lock.toml';
const MIGRATION_FILE = 'migration.sql';

/** Names of the migrations in `prisma/migrations`, in the order Prisma applies them. */
export async function migrationNames(dir: string = migrationsDir()): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, MIGRATION_FILE)))
    .map((e) => e.name)
    .sort();
}

/** The migrations folder read into the shape the schema engine expects (what the CLI passes). */
export async function readMigrationList(dir: string = migrationsDir()): Promise<MigrationList> {
  const names = await migrationNames(dir);
  const migrationDirectories: MigrationDirectory[] = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: MIGRATION_FILE,
        content: { tag: 'ok' as const, value: await readFile(join(dir, name, MIGRATION_FILE), 'utf8') },
      },
    })),
  );
  const lockPath = join(dir, LOCKFILE);
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}
