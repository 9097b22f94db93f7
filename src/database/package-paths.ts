import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cachedRoot: string | undefined;

/**
 * The package root: the nearest ancestor holding `prisma/schema.prisma`. Resolved from this
 * file so that it is the same whether the code runs from `src/` (ts-jest) or `dist/`.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'prisma', 'schema.prisma')) && existsSync(join(dir, 'package.json'))) {
      return (cachedRoot = dir);
    }
    if (dirname(dir) === dir) {
      throw new Error(`Cannot find prisma/schema.prisma in any parent directory of ${__dirname}`);
    }
  }
}

export const prismaSchemaPath = (): string => join(packageRoot(), 'prisma', 'schema.prisma');

export const migrationsDir = (): string => join(packageRoot(), 'prisma', 'migrations');
