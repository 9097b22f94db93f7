/**
 * `node dist/database/migrate.main.js` (`npm run db:migrate`): applies pending migrations to
 * DATABASE_URL and exits — 0 on success, 1 on failure. The Kubernetes migration Job runs it.
 */
import 'reflect-metadata';
import { loadConfig } from '../config/app-config';
import { applyMigrations } from './migrator';
import { describeTarget, waitForDatabase } from './wait-for-database';

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    process.stderr.write('migrate: DATABASE_URL is required (the embedded PostgreSQL migrates itself at start-up)\n');
    return 1;
  }
  const target = describeTarget(config.DATABASE_URL);
  await waitForDatabase(config.DATABASE_URL, { log: (m) => process.stderr.write(`migrate: ${m}\n`) });
  const applied = await applyMigrations(config.DATABASE_URL);
  process.stdout.write(
    applied.length === 0
      ? `migrate: ${target} is up to date, nothing to apply\n`
      : `migrate: applied ${applied.length} migration(s) to ${target}:\n${applied.map((n) => `  ${n}\n`).join('')}`,
  );
  return 0;
}

// Exit explicitly: the schema engine leaves a 10 s timer pending after its work is done.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
