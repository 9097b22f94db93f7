import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { HEALTH_PATHS } from '../../src/health/health.paths';
import { dockerfileStages, finalStage, finalStageValue, imageUid, nodeCommandOfScript, packageJson } from './support/app-facts';
import { envOf, execForm, Stage } from './support/dockerfile';
import { REPO_ROOT } from './support/manifests';

/**
 * There is no Docker engine here, so the Dockerfile is read, not built: its stages, user,
 * command and install flags are checked against package.json and the app's defaults.
 */
const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const stageNames = new Set(dockerfileStages.map((s) => s.name).filter(Boolean));
const externalBases = dockerfileStages.map((s) => s.base).filter((b) => !stageNames.has(b));
const nodeVersion = (image: string) => /^(?:docker\.io\/)?(?:library\/)?node:(\d+\.\d+\.\d+)/.exec(image)?.[1];

describe('Dockerfile', () => {
  it('is multi-stage: a build stage and a runtime stage', () => {
    expect(dockerfileStages.length).toBeGreaterThanOrEqual(2);
  });

  it('pins every base image to an exact Node release (or a digest), never latest', () => {
    expect(externalBases.length).toBeGreaterThan(0);
    const floating = externalBases.filter((b) => !b.includes('@sha256:') && nodeVersion(b) === undefined);
    expect(floating).toEqual([]);
  });

  it("uses a Node release that satisfies package.json's engines", () => {
    const min = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(packageJson.engines?.node ?? '');
    expect(min).not.toBeNull();
    for (const base of externalBases.filter((b) => nodeVersion(b))) {
      const [major, minor, patch] = nodeVersion(base)!.split('.').map(Number);
      const [wantMajor, wantMinor, wantPatch] = [min![1], min![2], min![3] ?? '0'].map(Number);
      expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(wantMajor * 1e6 + wantMinor * 1e3 + wantPatch);
    }
  });

  it('compiles in an earlier stage (npm ci, npm run build) and copies only dist/ from it', () => {
    const build = dockerfileStages.slice(0, -1).find((s) => runs(s).some((r) => /\bnpm run (-s )?build\b/.test(r)));
    expect(build?.name).toMatch(/^[a-z][\w-]*$/);
    expect(runs(build!).some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    const fromBuild = finalStage.instructions.filter((i) => i.keyword === 'COPY' && i.args.includes(`--from=${build!.name}`));
    expect(fromBuild.map((i) => i.args.split(/\s+/).slice(-2)[0])).toEqual([expect.stringMatching(/^(\/app\/)?dist\/?$/)]);
  });

  it('installs only production dependencies in the runtime stage, without install scripts', () => {
    const installs = runs(finalStage).filter((r) => /\bnpm (ci|install|i)\b/.test(r));
    expect(installs.length).toBe(1);
    expect(installs[0]).toMatch(/\bnpm ci\b/);
    expect(installs[0]).toMatch(/--omit[= ]dev\b/);
    expect(installs[0]).toMatch(/--ignore-scripts\b/);
  });

  it('ships the Prisma migrations and not the sources', () => {
    const copies = finalStage.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies.some((c) => /(^|\s)(\.\/)?prisma\/?\s/.test(`${c} `) && !c.includes('--from='))).toBe(true);
    expect(copies.filter((c) => /(^|\s)\.\/?\s/.test(c))).toEqual([]); // no COPY . .
  });

  it('runs as a numeric non-root user, so runAsNonRoot can verify it', () => {
    expect(imageUid()).toBeGreaterThan(0);
  });

  it('sets NODE_ENV=production', () => {
    expect(envOf(finalStage).NODE_ENV).toBe('production');
  });

  it("exposes the app's default PORT", () => {
    expect(
      finalStageValue('EXPOSE')
        ?.split(/\s+/)
        .map((p) => Number(p.split('/')[0])),
    ).toContain(new AppConfig().PORT);
  });

  it("starts package.json's start:prod command in exec form, so node receives SIGTERM", () => {
    const cmd = finalStageValue('CMD');
    expect(execForm(cmd ?? '')).toEqual(nodeCommandOfScript('start:prod'));
    expect(finalStageValue('ENTRYPOINT')).toBeUndefined();
  });

  it('checks health on the liveness path, if it has a HEALTHCHECK', () => {
    const healthcheck = finalStageValue('HEALTHCHECK');
    if (healthcheck && healthcheck !== 'NONE') expect(healthcheck).toContain(HEALTH_PATHS.live);
  });

  it.each([['start:prod'], ['db:migrate']])('runs a %s entry point that the build compiles from src/', (script) => {
    const [, entry] = nodeCommandOfScript(script);
    const source = entry.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
    expect(existsSync(join(REPO_ROOT, source)) ? source : `${source} is missing`).toBe(source);
  });
});

describe('.dockerignore', () => {
  const patterns = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it.each(['node_modules', 'dist', '.data', '.git', '.env', 'coverage'])('keeps %s out of the build context', (path) => {
    expect(patterns.map((p) => p.replace(/^\/|\/$/g, ''))).toContain(path);
  });
});

const devcontainer = join(REPO_ROOT, '.devcontainer', 'devcontainer.json');
(existsSync(devcontainer) ? it : it.skip)('the devcontainer uses the same Node release as the Dockerfile', () => {
  const text = readFileSync(devcontainer, 'utf8');
  const version = nodeVersion(externalBases[0]);
  expect(/Dockerfile/.test(text) || (version !== undefined && text.includes(version))).toBe(true);
});
