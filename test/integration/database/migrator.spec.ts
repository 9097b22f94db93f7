import { Client } from 'pg';
import { migrationNames } from '../../../src/database/migration-files';
import { applyMigrations, pendingMigrations } from '../../../src/database/migrator';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';

describe('migrations (WASM schema engine, real PostgreSQL)', () => {
  let db: IsolatedDatabase;
  let shipped: string[];

  beforeAll(async () => {
    db = await createIsolatedDatabase({ migrated: false });
    shipped = await migrationNames();
  });
  afterAll(() => db?.drop());

  const query = async (sql: string) => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('ships migrations in Prisma layout, init and example_data first, in timestamp order', () => {
    expect(shipped[0]).toMatch(/^\d{14}_init$/);
    expect(shipped[1]).toMatch(/^\d{14}_example_data$/);
    expect(shipped.every((name) => /^\d{14}_[a-z0-9_]+$/.test(name))).toBe(true);
    expect([...shipped].sort()).toEqual(shipped);
  });

  it('reports every migration as pending on an empty database', async () => {
    await expect(pendingMigrations(db.url)).resolves.toEqual(shipped);
  });

  it('applies all migrations to an empty database, then nothing on a second run', async () => {
    await expect(applyMigrations(db.url)).resolves.toEqual(shipped);
    await expect(applyMigrations(db.url)).resolves.toEqual([]);
    await expect(pendingMigrations(db.url)).resolves.toEqual([]);
  });

  it('records the migrations in _prisma_migrations as prisma migrate deploy does', async () => {
    const rows = await query(
      'SELECT migration_name, finished_at, applied_steps_count, checksum FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(shipped);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('creates the schema tables and the example customers', async () => {
    const tables = await query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['context_updates', 'contexts', 'customers', 'sessions', 'tickets', 'tool_call_audit']),
    );
    const customers = await query(`SELECT id, tier FROM customers ORDER BY id`);
    expect(customers.length).toBeGreaterThanOrEqual(10);
    expect(customers[0].id).toBe('cus_001');
    expect(new Set(customers.map((c) => c.tier))).toEqual(new Set(['free', 'pro', 'enterprise']));
  });

  it('reports only the migrations a database is missing', async () => {
    await query(`DELETE FROM _prisma_migrations WHERE migration_name = '${shipped[1]}'`);
    await expect(pendingMigrations(db.url)).resolves.toEqual([shipped[1]]);
  });
});

describe('createIsolatedDatabase (test support)', () => {
  it('gives each caller its own fully migrated database', async () => {
    const [a, b] = await Promise.all([createIsolatedDatabase(), createIsolatedDatabase()]);
    try {
      expect(a.url).not.toEqual(b.url);
      await expect(pendingMigrations(a.url)).resolves.toEqual([]);
      await expect(pendingMigrations(b.url)).resolves.toEqual([]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});
