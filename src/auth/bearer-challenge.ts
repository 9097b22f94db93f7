import type { AppConfig } from '../config/app-config';

export const PROTECTED_RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';

/** RFC 9728 metadata URL for the MCP endpoint (path-aware form). */
export function resourceMetadataUrl(config: AppConfig): string {
  return `${config.publicUrl}${PROTECTED_RESOURCE_METADATA_PATH}/mcp`;
}

/** The `WWW-Authenticate` value for a 401 (or a 403 `insufficient_scope`). */
export function bearerChallenge(
  config: AppConfig,
  options: { error?: string; description?: string; scope?: readonly string[] } = {},
): string {
  const parts = [`resource_metadata="${resourceMetadataUrl(config)}"`];
  if (options.error) parts.push(`error="${options.error}"`);
  if (options.description) parts.push(`error_description="${options.description.replace(/["\\]/g, "'")}"`);
  if (options.scope?.length) parts.push(`scope="${options.scope.join(' ')}"`);
  return `Bearer ${parts.join(', ')}`;
}
