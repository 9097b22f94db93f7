/** What the status page and `/status.json` show: the server's shape, never an agent's data. */
export interface StatusSnapshot {
  server: { name: string; version: string };
  protocol: {
    /** 2025-era revisions: `initialize` and a session. */
    sessionRevisions: readonly string[];
    /** Stateless revisions: version and capabilities in every request's `_meta`. */
    statelessRevisions: readonly string[];
  };
  tools: StatusTool[];
  resources: StatusEntry[];
  resourceTemplates: StatusEntry[];
  prompts: StatusEntry[];
  connections: {
    /** WebSockets open on this replica. */
    webSockets: number;
    /** Sessions with at least one open channel (a WebSocket or the HTTP GET stream) on this replica. */
    sessionsWithOpenChannels: number;
  };
  links: { metrics: string; ready: string; protectedResource: string };
  generatedAt: string;
}

export interface StatusTool {
  name: string;
  title?: string;
  description?: string;
  scopes: readonly string[];
  annotations?: Record<string, unknown>;
  inputSchema: unknown;
  outputSchema?: unknown;
}

/** A resource (`uri`), resource template (`uriTemplate`) or prompt (`arguments`). */
export interface StatusEntry {
  name: string;
  title?: string;
  description?: string;
  uri?: string;
  uriTemplate?: string;
  mimeType?: string;
  arguments?: { name: string; required?: boolean; description?: string }[];
}
