#!/usr/bin/env node
/**
 * `prisma generate`, offline.
 *
 * Prisma 7's CLI downloads a native schema-engine binary at every start, from a host that
 * is unreachable on our machines, and fails without it. `generate` never runs that binary,
 * so pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing executable (this Node binary) lets
 * it proceed without a download. Migrations do not use the CLI at all: they go through
 * Prisma's schema engine compiled to WebAssembly (src/database/schema-engine.ts).
 *
 * Skips the work when the schema, the generator's version and the output are unchanged.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const schemaPath = join(root, 'prisma', 'schema.prisma');
const outputDir = join(root, 'src', 'generated', 'prisma');
const stampPath = join(outputDir, '.generated-from');

function fingerprint() {
  const prismaVersion = require(require.resolve('prisma/package.json', { paths: [root] })).version;
  return createHash('sha256')
    .update(prismaVersion)
    .update('\0')
    .update(readFileSync(schemaPath))
    .digest('hex');
}

function main() {
  const force = process.argv.includes('--force');
  const stamp = fingerprint();
  const upToDate =
    existsSync(join(outputDir, 'client.ts')) &&
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8').trim() === stamp;
  if (upToDate && !force) {
    process.stdout.write('prisma:generate: client is up to date (use --force to regenerate)\n');
    return 0;
  }

  const prismaCli = require.resolve('prisma/build/index.js', { paths: [root] });
  const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPath], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      PRISMA_GENERATE_SKIP_AUTOINSTALL: '1',
      CHECKPOINT_DISABLE: '1',
      PRISMA_DISABLE_WARNINGS: '1',
    },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) return result.status ?? 1;
  writeFileSync(stampPath, `${stamp}\n`);
  return 0;
}

process.exitCode = main();
