import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { applyMigrations } from '../../src/database/migrator';

/** The run's shared, migrated database (see global-setup.ts). */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through Jest (test/support/global-setup.ts)');
  return url;
}

export interface IsolatedDatabase {
  url: string;
  name: string;
  /** Drops the database (terminating leftover connections). */
  drop(): Promise<void>;
}

/**
 * A database of its own for a spec file that must not share state, on the same server as
 * {@link testDatabaseUrl}. Migrated like production unless `{ migrated: false }`.
 *
 * @example
 * let db: IsolatedDatabase;
 * beforeAll(async () => (db = await createIsolatedDatabase()));
 * afterAll(() => db.drop());
 */
export async function createIsolatedDatabase(options: { migrated?: boolean } = {}): Promise<IsolatedDatabase> {
  const name = `switchboard_test_${randomBytes(6).toString('hex')}`;
  const migrated = options.migrated ?? true;
  // global-setup.ts leaves a migrated template behind when it can; cloning it is ~10x faster.
  const template = migrated ? process.env.TEST_PG_TEMPLATE_DB : undefined;
  await withAdminClient((client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}` + (template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '')),
  );
  const url = withDatabase(testDatabaseUrl(), name);
  const drop = async () => {
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
  };
  if (migrated && !template) {
    try {
      await applyMigrations(url);
    } catch (error) {
      await drop();
      throw error;
    }
  }
  return { url, name, drop };
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
