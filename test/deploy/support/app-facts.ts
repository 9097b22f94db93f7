import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile, Stage } from './dockerfile';
import { REPO_ROOT } from './manifests';

/** What the deployment files must agree with, read from the project itself. */
export const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  engines?: { node?: string };
  scripts: Record<string, string>;
};

/**
 * The `node <file>` command at the end of an npm script, e.g. `db:migrate` =
 * "npm run -s build && node dist/database/migrate.main.js" -> ["node", "dist/database/migrate.main.js"].
 */
export function nodeCommandOfScript(script: string): string[] {
  const body = packageJson.scripts[script];
  if (!body) throw new Error(`package.json has no "${script}" script`);
  const last = body.split('&&').pop()!.trim().split(/\s+/);
  if (last[0] !== 'node') throw new Error(`"${script}" does not end with a node command: ${body}`);
  return last;
}

export const dockerfileStages: Stage[] = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
export const finalStage: Stage = dockerfileStages[dockerfileStages.length - 1];

/** Arguments of the last `keyword` instruction of the final stage. */
export function finalStageValue(keyword: string): string | undefined {
  return finalStage?.instructions.filter((i) => i.keyword === keyword).pop()?.args;
}

/** The numeric uid of the final stage's USER (NaN when missing or a name). */
export function imageUid(): number {
  const user = finalStageValue('USER') ?? '';
  return /^\d+(:\d+)?$/.test(user) ? Number(user.split(':')[0]) : Number.NaN;
}

/** The final stage's working directory (where `dist/` and relative data paths resolve). */
export function imageWorkdir(): string {
  return finalStageValue('WORKDIR') ?? '/';
}
