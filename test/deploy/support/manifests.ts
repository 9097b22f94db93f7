import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes-style object as it appears in YAML. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const K8S_DIR = join(REPO_ROOT, 'k8s');

/** Every `.yaml`/`.yml` file below `dir`, sorted, as absolute paths. */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listYamlFiles(path));
    else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out;
}

/**
 * Parses every document of a YAML file. Kubernetes reads YAML 1.1 (sigs.k8s.io/yaml), where
 * `on`, `yes`, `0755` are not strings; parsing as 1.1 makes such values fail the schemas here
 * just as they would on the API server. Duplicate keys and syntax errors throw.
 */
export function loadYamlDocuments(path: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { version: '1.1', uniqueKeys: true });
  const where = relative(REPO_ROOT, path);
  if (!Array.isArray(docs)) throw new Error(`${where}: not a YAML stream`);
  const values: unknown[] = [];
  for (const doc of docs) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`${where}: ${problems.map((p) => p.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

export function isK8sObject(value: unknown): value is K8sObject {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const meta = v.metadata as Record<string, unknown> | undefined;
  return typeof v.apiVersion === 'string' && typeof v.kind === 'string' && typeof meta?.name === 'string';
}

/** `Kind/name` for messages. */
export function describe(obj: K8sObject): string {
  return `${obj.kind}/${obj.metadata.name}`;
}

/** True when every label of `selector` is present with the same value in `labels`. */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}
