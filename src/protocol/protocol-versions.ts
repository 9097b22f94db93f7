/** The 2025-era revisions this server speaks, newest first. */
export const SUPPORTED_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;
export const LATEST_VERSION = SUPPORTED_VERSIONS[0];

export function isSupportedVersion(version: string): boolean {
  return (SUPPORTED_VERSIONS as readonly string[]).includes(version);
}

/** Spec rule: answer with the requested version when supported, else with our latest. */
export function negotiateVersion(requested: string): string {
  return isSupportedVersion(requested) ? requested : LATEST_VERSION;
}
