import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, isK8sObject, K8sObject, loadYamlDocuments, REPO_ROOT } from './manifests';

/**
 * The subset of Kustomize the pack uses, so that overlays can be built and checked without a
 * kustomize binary: resources (files or directories), namespace, images, and strategic-merge
 * patches that name their target by kind and metadata.name. Any other field fails the build
 * loudly instead of being ignored: extend this file (or the pack) on purpose.
 */
const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);

interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

export interface Build {
  objects: K8sObject[];
  /** Every file the build read (kustomizations, resources, patches). */
  files: Set<string>;
}

export function kustomizationFile(dir: string): string {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((f) => join(dir, f)).find(existsSync);
  if (!file) throw new Error(`${relative(REPO_ROOT, dir)}: no kustomization.yaml`);
  return file;
}

export function buildKustomization(dir: string): Build {
  const file = kustomizationFile(dir);
  const where = relative(REPO_ROOT, file);
  const [k] = loadYamlDocuments(file) as Record<string, unknown>[];
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization') {
    throw new Error(`${where}: expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization`);
  }
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${where}: fields not understood by the test: ${unsupported.join(', ')}`);

  const build: Build = { objects: [], files: new Set([file]) };
  for (const entry of asStrings(k.resources, `${where} resources`)) {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new Error(`${where}: resource ${entry} does not exist`);
    if (statSync(path).isDirectory()) {
      const sub = buildKustomization(path);
      build.objects.push(...sub.objects);
      sub.files.forEach((f) => build.files.add(f));
    } else {
      build.files.add(path);
      for (const doc of loadYamlDocuments(path)) {
        if (!isK8sObject(doc)) throw new Error(`${relative(REPO_ROOT, path)}: a document lacks apiVersion/kind/metadata.name`);
        build.objects.push(doc);
      }
    }
  }
  for (const patch of (k.patches ?? []) as Record<string, unknown>[]) {
    if (typeof patch.path !== 'string' || patch.target !== undefined || patch.patch !== undefined) {
      throw new Error(`${where}: only { path: <strategic merge patch file> } patches are understood by the test`);
    }
    const path = resolve(dir, patch.path);
    if (!existsSync(path)) throw new Error(`${where}: patch ${patch.path} does not exist`);
    build.files.add(path);
    for (const doc of loadYamlDocuments(path)) applyPatch(build.objects, doc, relative(REPO_ROOT, path));
  }
  for (const rule of (k.images ?? []) as ImageRule[]) applyImageRule(build.objects, rule, where);
  if (typeof k.namespace === 'string') {
    for (const obj of build.objects) if (!CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace = k.namespace;
  }
  checkUnique(build.objects, where);
  return build;
}

function asStrings(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${what}: expected a list of paths`);
  return value;
}

function applyPatch(objects: K8sObject[], patch: unknown, where: string): void {
  if (!isK8sObject(patch)) throw new Error(`${where}: a patch must name its target (apiVersion, kind, metadata.name)`);
  const index = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
  if (index < 0) throw new Error(`${where}: patch target ${describe(patch)} is not in the build`);
  if (objects[index].apiVersion !== patch.apiVersion) throw new Error(`${where}: apiVersion differs from ${describe(patch)}`);
  objects[index] = strategicMerge(objects[index], patch) as K8sObject;
}

/** Merge keys of the list fields Kubernetes merges by key instead of replacing. */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  imagePullSecrets: ['name'],
  ports: ['containerPort', 'port'],
};

/** Strategic merge: maps merge, keyed lists merge item by item, `null` deletes, the rest replaces. */
export function strategicMerge(base: unknown, patch: unknown, field = ''): unknown {
  if (isPlainObject(base) && isPlainObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = key in base ? strategicMerge(base[key], value, key) : value;
    }
    return out;
  }
  const keys = MERGE_KEYS[field];
  if (keys && Array.isArray(base) && Array.isArray(patch)) {
    const out = [...base] as Record<string, unknown>[];
    for (const item of patch as Record<string, unknown>[]) {
      const key = keys.find((k) => item[k] !== undefined);
      const at = key === undefined ? -1 : out.findIndex((o) => o[key] === item[key]);
      if (at >= 0) out[at] = strategicMerge(out[at], item) as Record<string, unknown>;
      else out.push(item);
    }
    return out;
  }
  return patch;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Splits `registry/name:tag@digest`; a colon before the last slash belongs to a registry port. */
export function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const [rest, digest] = image.split('@');
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

/** Every container (and init container) of a workload's pod template. */
export function podContainers(obj: object): Record<string, unknown>[] {
  const spec = podSpec(obj);
  if (!spec) return [];
  return [...((spec.initContainers ?? []) as Record<string, unknown>[]), ...((spec.containers ?? []) as Record<string, unknown>[])];
}

export function podSpec(obj: object): Record<string, unknown> | undefined {
  const path =
    (obj as { kind?: unknown }).kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
  const spec = path.reduce<unknown>((o, k) => (isPlainObject(o) ? o[k] : undefined), obj);
  return isPlainObject(spec) ? spec : undefined;
}

function applyImageRule(objects: K8sObject[], rule: ImageRule, where: string): void {
  let matched = false;
  for (const container of objects.flatMap(podContainers)) {
    const image = parseImage(String(container.image));
    if (image.name !== rule.name) continue;
    matched = true;
    const name = rule.newName ?? image.name;
    const tag = rule.newTag ?? image.tag;
    const digest = rule.digest ?? image.digest;
    container.image = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  }
  // Kustomize silently skips a rule that matches nothing; a typo would ship the base image.
  if (!matched) throw new Error(`${where}: images rule for "${rule.name}" matches no container`);
}

function checkUnique(objects: K8sObject[], where: string): void {
  const seen = new Set<string>();
  for (const obj of objects) {
    const id = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    if (seen.has(id)) throw new Error(`${where}: ${describe(obj)} is defined twice`);
    seen.add(id);
  }
}

export const kustomizationDirs = (files: string[]): string[] =>
  files.filter((f) => /(^|\/)kustomization\.ya?ml$/.test(f)).map((f) => dirname(f));
