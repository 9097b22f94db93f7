import { join } from 'node:path';
import { AppConfig, loadConfig } from '../../../src/config/app-config';
import { podContainers, podSpec } from './kustomize-lite';
import { K8sObject, K8S_DIR, loadYamlDocuments } from './manifests';

// Manifests are untyped YAML; the Kubernetes schemas check their shape, the specs their meaning.
export type Json = Record<string, any>;

export const SECRET_TEMPLATE = join(K8S_DIR, 'base', 'secret.example.yaml');

/** The objects of one kustomize build, with the lookups the checks need. */
export class Pack {
  constructor(readonly objects: K8sObject[]) {}

  all(kind: string): Json[] {
    return this.objects.filter((o) => o.kind === kind);
  }

  /** The one object of a kind (the pack has one Deployment, one Service, ...). */
  one(kind: string, predicate: (o: Json) => boolean = () => true): Json {
    const found = this.all(kind).filter(predicate);
    if (found.length !== 1) throw new Error(`expected exactly one ${kind}, found ${found.length}`);
    return found[0];
  }

  get deployment(): Json {
    return this.one('Deployment');
  }

  get migrationJob(): Json {
    return this.one('Job');
  }

  /** The server container: the one that publishes a port named `http`. */
  get server(): Json {
    const found = (podContainers(this.deployment) as Json[]).filter((c) => (c.ports ?? []).some((p: Json) => p.name === 'http'));
    if (found.length !== 1) throw new Error(`expected one container with a port named "http", found ${found.length}`);
    return found[0];
  }

  podLabels(workload: Json): Record<string, string> {
    return workload.spec.template.metadata?.labels ?? {};
  }

  /**
   * The environment a container starts with: its envFrom ConfigMaps from this build, its
   * envFrom Secrets from the Secret template (the real one is created out of band), then env.
   */
  containerEnv(container: Json): Record<string, string> {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef) {
        Object.assign(env, this.one('ConfigMap', (c) => c.metadata.name === source.configMapRef.name).data);
      } else if (source.secretRef) {
        const secret = secretTemplate();
        if (secret.metadata.name !== source.secretRef.name) {
          throw new Error(`envFrom names Secret ${source.secretRef.name}; the template defines ${secret.metadata.name}`);
        }
        Object.assign(env, secret.stringData);
      }
    }
    for (const e of container.env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
    return env;
  }

  /** The app's own validated configuration for the server container's environment. */
  serverConfig(): AppConfig {
    return loadConfig(this.containerEnv(this.server));
  }
}

export function secretTemplate(): Json {
  const [secret] = loadYamlDocuments(SECRET_TEMPLATE) as Json[];
  return secret;
}

/** Resolves a probe's or Service's port (a name or a number) against a container's ports. */
export function containerPortNumber(container: Json, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return (container.ports ?? []).find((p: Json) => p.name === port)?.containerPort;
}

/** Memory quantity (e.g. 512Mi, 1Gi, 536870912) in MiB. */
export function mebibytes(quantity: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(String(quantity));
  if (!m) throw new Error(`unparsed memory quantity ${quantity}`);
  const factor: Record<string, number> = {
    Ki: 1 / 1024,
    Mi: 1,
    Gi: 1024,
    Ti: 1024 ** 2,
    k: 1e3 / 2 ** 20,
    M: 1e6 / 2 ** 20,
    G: 1e9 / 2 ** 20,
  };
  return Number(m[1]) * (m[2] ? factor[m[2]] : 1 / 2 ** 20);
}

/** Seconds a preStop hook waits: `sleep: {seconds}` or an exec of `sleep N`. */
export function preStopSeconds(container: Json): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return Number(preStop.sleep.seconds);
  const cmd: string[] = preStop?.exec?.command ?? [];
  return /(^|\/)sleep$/.test(cmd[0] ?? '') ? Number(cmd[1]) : 0;
}

export const workloads = (pack: Pack): Json[] => [pack.deployment, pack.migrationJob];
export { podContainers, podSpec };
