#!/usr/bin/env node
// Creates prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the
// last committed prisma/schema.prisma (git HEAD) to the working copy's — the table part of
// `prisma migrate dev --create-only`, through the WASM schema engine (nothing downloaded).
// Usage: npm run db:migration -- <name> [--from <old schema file>]
// The engine needs a reachable database (it reads nothing from it here): DATABASE_URL or
// the embedded PostgreSQL of the data directory.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

async function main() {
  const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
  if (!name) throw new Error('usage: npm run db:migration -- <name>');
  const { loadConfig } = require('../dist/config/app-config');
  const { provisionDatabase } = require('../dist/database/database-provisioner');
  const { runSchemaEngineInProcess } = require('../dist/database/schema-engine');
  const root = join(__dirname, '..');
  const schemaPath = join(root, 'prisma', 'schema.prisma');
  const db = await provisionDatabase(loadConfig(process.env), () => undefined);
  try {
    const fromIndex = process.argv.indexOf('--from');
    const previous =
      fromIndex > 0
        ? readFileSync(process.argv[fromIndex + 1], 'utf8')
        : execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: root, encoding: 'utf8' });
    const datamodels = [[schemaPath, readFileSync(schemaPath, 'utf8')]];
    const result = await runSchemaEngineInProcess({
      command: 'diff',
      databaseUrl: db.databaseUrl,
      datamodels,
      input: {
        from: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: previous }] },
        to: { tag: 'schemaDatamodel', files: datamodels.map(([path, content]) => ({ path, content })) },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      },
    });
    const sql = (result.stdout ?? '').trim();
    if (!sql || /empty migration/i.test(sql)) {
      process.stdout.write('schema.prisma matches the migrations: nothing to do\n');
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = join(root, 'prisma', 'migrations', `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'migration.sql'), `${sql}\n`);
    process.stdout.write(`created ${dir}/migration.sql\n`);
  } finally {
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  },
);
