import { relative } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { validateAgainstSchema } from './support/k8s-schemas';
import { buildKustomization, kustomizationDirs, parseImage } from './support/kustomize-lite';
import { isK8sObject, K8S_DIR, listYamlFiles, loadYamlDocuments, REPO_ROOT, selectorMatches } from './support/manifests';
import { containerPortNumber, Json, Pack, SECRET_TEMPLATE, secretTemplate } from './support/pack';

/**
 * The Kubernetes pack in k8s/: every file parses, every kustomization builds with the subset of
 * Kustomize it uses, every object of every build passes its Kubernetes (or Prometheus Operator)
 * schema, and the objects agree with each other. What they must agree with in the app (ports,
 * probe paths, shutdown budget, user) is checked in k8s-workload.spec.ts.
 */
const yamlFiles = listYamlFiles(K8S_DIR);
const dirs = kustomizationDirs(yamlFiles);
const rel = (path: string) => relative(REPO_ROOT, path);

describe('k8s/ files', () => {
  it('has a base and a production overlay', () => {
    expect(dirs.map((d) => relative(K8S_DIR, d))).toEqual(expect.arrayContaining(['base', 'overlays/production']));
  });

  it.each(yamlFiles.map(rel))('%s parses as YAML (every document)', (file) => {
    expect(loadYamlDocuments(`${REPO_ROOT}/${file}`).length).toBeGreaterThan(0);
  });

  it('every YAML file is part of a kustomization, except the Secret template', () => {
    const used = new Set(dirs.flatMap((d) => [...buildKustomization(d).files]));
    expect(used.has(SECRET_TEMPLATE)).toBe(false);
    expect(yamlFiles.filter((f) => !used.has(f) && f !== SECRET_TEMPLATE).map(rel)).toEqual([]);
  });

  it('the Secret template is a valid Secret holding only placeholders', () => {
    const secret = secretTemplate();
    expect(isK8sObject(secret)).toBe(true);
    expect(() => validateAgainstSchema(secret as never)).not.toThrow();
    expect(Object.keys(secret.stringData ?? {})).toEqual(expect.arrayContaining(['DATABASE_URL', 'AUTH_JWT_SECRET']));
    expect(secret.data).toBeUndefined();
    for (const value of Object.values<string>(secret.stringData)) expect(value).toContain('REPLACE_ME');
  });
});

describe.each(dirs.map((d) => relative(K8S_DIR, d)))('kustomize build k8s/%s', (dir) => {
  let pack: Pack;
  beforeAll(() => {
    pack = new Pack(buildKustomization(`${K8S_DIR}/${dir}`).objects);
  });

  it('contains the whole pack', () => {
    const kinds = pack.objects.map((o) => o.kind);
    for (const kind of [
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'ServiceMonitor',
      'ConfigMap',
      'Job',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('every object passes its Kubernetes schema', () => {
    const failures = pack.objects.flatMap((o) => {
      try {
        validateAgainstSchema(o);
        return [];
      } catch (e) {
        return [`${o.kind}/${o.metadata.name}: ${(e as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  it('the Deployment selector matches its own pod template', () => {
    const d = pack.deployment;
    expect(selectorMatches(d.spec.selector.matchLabels, pack.podLabels(d))).toBe(true);
  });

  it('the Service reaches the server pods on the http port, and never the migration pods', () => {
    const svc = pack.one('Service');
    expect(selectorMatches(svc.spec.selector, pack.podLabels(pack.deployment))).toBe(true);
    expect(selectorMatches(svc.spec.selector, pack.podLabels(pack.migrationJob))).toBe(false);
    const http = svc.spec.ports.find((p: Json) => p.name === 'http');
    expect(http).toMatchObject({ port: 80 });
    expect(containerPortNumber(pack.server, http.targetPort)).toBe(containerPortNumber(pack.server, 'http'));
  });

  it('the ServiceMonitor selects the Service and scrapes a named Service port', () => {
    const sm = pack.one('ServiceMonitor');
    const svc = pack.one('Service');
    expect(selectorMatches(sm.spec.selector.matchLabels, svc.metadata.labels)).toBe(true);
    const portNames = svc.spec.ports.map((p: Json) => p.name);
    for (const endpoint of sm.spec.endpoints) expect(portNames).toContain(endpoint.port);
  });

  it('the HPA scales the Deployment on CPU, which the Deployment requests, and owns the replica count', () => {
    const hpa = pack.one('HorizontalPodAutoscaler');
    const d = pack.deployment;
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: d.apiVersion, kind: d.kind, name: d.metadata.name });
    expect(hpa.spec.metrics).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) })]),
    );
    expect(String(pack.server.resources?.requests?.cpu)).toMatch(/^\d+(\.\d+)?m?$/);
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
    // With an HPA, spec.replicas in the manifest would reset the scale on every apply.
    expect(d.spec.replicas).toBeUndefined();
  });

  it('the PodDisruptionBudget covers the server pods and still lets a node drain', () => {
    const pdb = pack.one('PodDisruptionBudget');
    const minReplicas = pack.one('HorizontalPodAutoscaler').spec.minReplicas;
    expect(selectorMatches(pdb.spec.selector.matchLabels, pack.podLabels(pack.deployment))).toBe(true);
    if (pdb.spec.minAvailable !== undefined) expect(pdb.spec.minAvailable).toBeLessThan(minReplicas);
    else expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
  });

  it('every workload loads the ConfigMap of this build and the templated Secret', () => {
    for (const w of [pack.deployment, pack.migrationJob]) {
      const c = w.spec.template.spec.containers[0];
      const refs = (c.envFrom ?? []).map((s: Json) => s.configMapRef?.name ?? s.secretRef?.name);
      expect(refs).toEqual(expect.arrayContaining([pack.one('ConfigMap').metadata.name, secretTemplate().metadata.name]));
    }
  });

  it('the ConfigMap holds only settings the app reads, and no secrets', () => {
    const known = new Set(Object.keys(new AppConfig()));
    const data = Object.keys(pack.one('ConfigMap').data);
    // OTEL_* are read by the OpenTelemetry SDK, NODE_OPTIONS by node itself.
    expect(data.filter((k) => !known.has(k) && !/^OTEL_|^NODE_OPTIONS$/.test(k))).toEqual([]);
    expect(data).not.toEqual(expect.arrayContaining(['DATABASE_URL']));
    expect(data).not.toEqual(expect.arrayContaining(['AUTH_JWT_SECRET']));
  });

  if (dir !== 'base') {
    it('pins every image to a registry and an explicit tag or digest', () => {
      for (const c of [pack.server, ...pack.migrationJob.spec.template.spec.containers]) {
        const image = parseImage(c.image);
        expect(image.name).toContain('/');
        expect(image.digest ?? image.tag).toMatch(/^(sha256:[0-9a-f]{64}|[\w][\w.-]{0,127})$/);
        expect(image.tag).not.toBe('latest');
      }
    });
  }
});
