import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package version, read once (the same relative path works from src/ and dist/). */
export const SERVER_VERSION: string = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
  .version;

export const SERVER_NAME = 'switchboard';
