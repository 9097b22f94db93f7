/** The 2025-era (initialize + session) revisions this server speaks, newest first. */
export const SUPPORTED_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;
export const LATEST_VERSION = SUPPORTED_VERSIONS[0];

/** Stateless revisions: version, identity and capabilities travel in every request's `_meta`. */
export const MODERN_VERSIONS = ['2026-07-28'] as const;
export const ALL_VERSIONS: readonly string[] = [...MODERN_VERSIONS, ...SUPPORTED_VERSIONS];

export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

export type Era = 'legacy' | 'modern';

/** The revision whose clients may send JSON-RPC batches (2025-06-18 removed them). */
export const BATCH_VERSION = '2025-03-26';

export function isSupportedVersion(version: string): boolean {
  return (SUPPORTED_VERSIONS as readonly string[]).includes(version);
}

export function isModernVersion(version: string): boolean {
  return (MODERN_VERSIONS as readonly string[]).includes(version);
}

/** Spec rule: answer with the requested version when supported, else with our latest. */
export function negotiateVersion(requested: string): string {
  return isSupportedVersion(requested) ? requested : LATEST_VERSION;
}
