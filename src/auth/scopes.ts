/** Scopes the server itself defines; tools, resources and prompts add their own. */
export const CONTEXT_READ = 'context:read';
export const CONTEXT_WRITE = 'context:write';
export const SESSIONS_ADMIN = 'sessions:admin';

export const KNOWN_BASE_SCOPES = [CONTEXT_READ, CONTEXT_WRITE, SESSIONS_ADMIN] as const;
