import { posix } from 'node:path';
import { HEALTH_PATHS } from '../../src/health/health.paths';
import { METRICS_PATH } from '../../src/observability/metrics.paths';
import { imageUid, imageWorkdir, nodeCommandOfScript } from './support/app-facts';
import { buildKustomization, kustomizationDirs } from './support/kustomize-lite';
import { K8S_DIR, listYamlFiles } from './support/manifests';
import { containerPortNumber, Json, mebibytes, Pack, podContainers, preStopSeconds, secretTemplate } from './support/pack';

/**
 * The pack against the app: every expected value comes from the app's code, its validated
 * config, its package.json scripts or its Dockerfile, never from the manifests themselves.
 */
const dirs = kustomizationDirs(listYamlFiles(K8S_DIR)).map((d) => d.slice(K8S_DIR.length + 1));

describe.each(dirs)('k8s/%s against the app', (dir) => {
  let pack: Pack;
  beforeAll(() => {
    pack = new Pack(buildKustomization(`${K8S_DIR}/${dir}`).objects);
  });
  const workloadContainers = (): Json[] => [pack.deployment, pack.migrationJob].flatMap((w) => podContainers(w));

  it('gives the server a valid production configuration that listens on all interfaces', () => {
    const config = pack.serverConfig(); // throws, naming the variable, like the app's boot would
    expect(config.isProduction).toBe(true);
    expect(['0.0.0.0', '::']).toContain(config.listenHost);
  });

  it("publishes the app's PORT as the container port named http", () => {
    expect(containerPortNumber(pack.server, 'http')).toBe(pack.serverConfig().PORT);
  });

  it.each([
    ['startupProbe', HEALTH_PATHS.startup],
    ['readinessProbe', HEALTH_PATHS.ready],
    ['livenessProbe', HEALTH_PATHS.live],
  ] as const)('%s gets %s on the http port', (probe, path) => {
    const httpGet = pack.server[probe]?.httpGet;
    expect(httpGet?.path).toBe(path);
    expect(containerPortNumber(pack.server, httpGet?.port)).toBe(pack.serverConfig().PORT);
  });

  it('lets startup wait at least a minute for the database before liveness takes over', () => {
    const p = pack.server.startupProbe;
    expect((p.failureThreshold ?? 3) * (p.periodSeconds ?? 10)).toBeGreaterThanOrEqual(60);
  });

  it('gives the drain (preStop + SHUTDOWN_GRACE_MS) time to finish before SIGKILL', () => {
    const preStop = preStopSeconds(pack.server);
    const drain = pack.serverConfig().SHUTDOWN_GRACE_MS / 1000;
    expect(preStop).toBeGreaterThan(0); // endpoints must drop the pod before it stops accepting
    expect(pack.deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30).toBeGreaterThan(preStop + drain);
  });

  it('scrapes the metrics path the app serves', () => {
    const endpoints: Json[] = pack.one('ServiceMonitor').spec.endpoints;
    expect(endpoints.map((e) => e.path)).toEqual(endpoints.map(() => METRICS_PATH));
  });

  it("runs the migration Job with the package's db:migrate entry point and the server's image", () => {
    const [migrate] = pack.migrationJob.spec.template.spec.containers;
    expect([...(migrate.command ?? []), ...(migrate.args ?? [])]).toEqual(nodeCommandOfScript('db:migrate'));
    expect(migrate.image).toBe(pack.server.image);
    expect(['Never', 'OnFailure']).toContain(pack.migrationJob.spec.template.spec.restartPolicy);
    expect(pack.migrationJob.spec.backoffLimit).toBeGreaterThanOrEqual(1);
    expect(pack.migrationJob.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
  });

  it("lets the server use the image's CMD (node dist/main.js)", () => {
    expect(pack.server.command).toBeUndefined();
    expect(pack.server.args).toBeUndefined();
  });

  it("runs every pod as the image's non-root user, under seccomp, without a service-account token", () => {
    for (const w of [pack.deployment, pack.migrationJob]) {
      const pod = w.spec.template.spec;
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.securityContext?.runAsUser).toBe(imageUid());
      expect(imageUid()).toBeGreaterThan(0);
      expect(pod.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
      expect(pod.automountServiceAccountToken).toBe(false);
    }
  });

  it('locks every container down: read-only root, no privilege escalation, all capabilities dropped', () => {
    for (const c of workloadContainers()) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      expect(c.securityContext.privileged).not.toBe(true);
      expect(c.securityContext.capabilities?.drop).toContain('ALL');
      expect(c.securityContext.capabilities?.add ?? []).toEqual([]);
    }
  });

  it('gives each pod a writable /tmp and puts SWITCHBOARD_DATA_DIR on a writable volume', () => {
    for (const w of [pack.deployment, pack.migrationJob]) {
      const pod = w.spec.template.spec;
      const emptyDirs = new Set((pod.volumes ?? []).filter((v: Json) => v.emptyDir).map((v: Json) => v.name));
      const claims = new Set((pod.volumes ?? []).filter((v: Json) => v.persistentVolumeClaim).map((v: Json) => v.name));
      for (const c of pod.containers) {
        const writable: string[] = (c.volumeMounts ?? [])
          .filter((m: Json) => (emptyDirs.has(m.name) || claims.has(m.name)) && !m.readOnly)
          .map((m: Json) => m.mountPath);
        expect(writable).toContain('/tmp');
        const dataDir = posix.resolve(imageWorkdir(), pack.containerEnv(c).SWITCHBOARD_DATA_DIR ?? '.data');
        expect(writable.some((m) => dataDir === m || dataDir.startsWith(`${m}/`))).toBe(true);
      }
    }
  });

  it('gives every container CPU and memory requests and limits, with the heap cap below the limit', () => {
    for (const c of workloadContainers()) {
      for (const kind of ['requests', 'limits'] as const) {
        expect(c.resources?.[kind]).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
      }
      expect(mebibytes(c.resources.requests.memory)).toBeLessThanOrEqual(mebibytes(c.resources.limits.memory));
      const heap = /--max-old-space-size=(\d+)/.exec(pack.containerEnv(c).NODE_OPTIONS ?? '');
      if (heap) expect(Number(heap[1])).toBeLessThan(mebibytes(c.resources.limits.memory));
    }
  });

  it('spreads server pods over zones or nodes', () => {
    const pod = pack.deployment.spec.template.spec;
    const selectors: Json[] = [
      ...(pod.topologySpreadConstraints ?? []).map((t: Json) => t.labelSelector),
      ...(pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
        (t: Json) => t.podAffinityTerm.labelSelector,
      ),
    ];
    const labels = pack.podLabels(pack.deployment);
    expect(selectors.some((s) => Object.entries(s?.matchLabels ?? {}).every(([k, v]) => labels[k] === v))).toBe(true);
  });

  it('NetworkPolicy: server pods accept traffic only on the http port', () => {
    const np = pack.one('NetworkPolicy', (n) => selectsServer(n));
    expect(np.spec.policyTypes).toEqual(expect.arrayContaining(['Ingress', 'Egress']));
    const ports: Json[] = (np.spec.ingress ?? []).flatMap((rule: Json) => rule.ports ?? [{ port: 'ANY' }]);
    expect(ports.length).toBeGreaterThan(0);
    for (const p of ports) expect(containerPortNumber(pack.server, p.port)).toBe(pack.serverConfig().PORT);
  });

  it('NetworkPolicy: server pods reach only DNS, PostgreSQL and HTTPS', () => {
    const np = pack.one('NetworkPolicy', (n) => selectsServer(n));
    const rules: Json[] = np.spec.egress ?? [];
    expect(rules.every((r) => (r.ports ?? []).length > 0)).toBe(true); // no port-less (allow-all) rule
    const allowed = rules.flatMap((r) => r.ports).map((p: Json) => `${p.port}/${p.protocol ?? 'TCP'}`);
    const dbPort = new URL(pack.containerEnv(pack.server).DATABASE_URL ?? secretTemplate().stringData.DATABASE_URL).port || '5432';
    expect(allowed).toEqual(expect.arrayContaining(['53/UDP', '53/TCP', `${dbPort}/TCP`, '443/TCP']));
  });

  function selectsServer(np: Json): boolean {
    const labels = pack.podLabels(pack.deployment);
    return Object.entries(np.spec.podSelector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  }
});

describe('k8s/overlays/shared-data', () => {
  it('puts SWITCHBOARD_DATA_DIR of the server and the migration Job on one ReadWriteMany claim, so audit spills outlive the pods', () => {
    const pack = new Pack(buildKustomization(`${K8S_DIR}/overlays/shared-data`).objects);
    const claim = pack.objects.find((o) => o.kind === 'PersistentVolumeClaim') as Json;
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(claim.metadata.namespace).toBe(pack.deployment.metadata.namespace);
    for (const workload of [pack.deployment, pack.migrationJob]) {
      const pod = workload.spec.template.spec;
      const volume = (pod.volumes as Json[]).find((v) => v.persistentVolumeClaim);
      expect(volume).toMatchObject({ persistentVolumeClaim: { claimName: claim.metadata.name } });
      for (const c of pod.containers as Json[]) {
        const mount = (c.volumeMounts as Json[]).find((m) => m.name === volume!.name);
        expect(mount?.readOnly).toBeFalsy();
        expect(pack.containerEnv(c).SWITCHBOARD_DATA_DIR).toBe(mount!.mountPath);
      }
    }
    // What the overlay builds on is production: same image and resources.
    const production = new Pack(buildKustomization(`${K8S_DIR}/overlays/production`).objects);
    expect(podContainers(pack.deployment)[0].image).toBe(podContainers(production.deployment)[0].image);
    expect(podContainers(pack.deployment)[0].resources).toEqual(podContainers(production.deployment)[0].resources);
  });
});
