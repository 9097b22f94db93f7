import type { Client, RequestOptions } from '@modelcontextprotocol/client';
import { z } from 'zod';

/** Switchboard's own JSON-RPC methods (not part of MCP), served on both transports. */
export const SWITCHBOARD_METHODS = {
  contextGet: 'context/get',
  contextUpdate: 'context/update',
  contextUpdateNotification: 'notifications/context/update',
  contextHistory: 'context/history',
  sessionsList: 'sessions/list',
} as const;

const isoTimestamp = z.string();

export const ContextSnapshotSchema = z.object({
  contextId: z.string(),
  version: z.number().int().nonnegative(),
  state: z.record(z.string(), z.unknown()),
  updatedAt: isoTimestamp,
});
export type ContextSnapshot = z.infer<typeof ContextSnapshotSchema>;

export const ContextUpdateResultSchema = z.object({
  contextId: z.string(),
  version: z.number().int().nonnegative(),
});
export type ContextUpdateResult = z.infer<typeof ContextUpdateResultSchema>;

export const ContextHistoryPageSchema = z.object({
  updates: z.array(
    z.object({
      version: z.number().int().nonnegative(),
      patch: z.unknown(),
      createdAt: isoTimestamp,
      agentId: z.string(),
    }),
  ),
  nextCursor: z.string().optional(),
});
export type ContextHistoryPage = z.infer<typeof ContextHistoryPageSchema>;
export type ContextHistoryEntry = ContextHistoryPage['updates'][number];

export const SessionsPageSchema = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      agentId: z.string(),
      transport: z.string(),
      protocolVersion: z.string().nullable(),
      createdAt: isoTimestamp,
      lastSeenAt: isoTimestamp.nullable(),
      closedAt: isoTimestamp.nullable(),
    }),
  ),
  nextCursor: z.string().optional(),
});
export type SessionsPage = z.infer<typeof SessionsPageSchema>;
export type SessionInfo = SessionsPage['sessions'][number];

/** An RFC 7396 JSON merge patch applied to a context's state. */
export type MergePatch = Record<string, unknown>;

export interface ContextRef {
  /** Omit for the session's own context. */
  contextId?: string;
}

export interface ContextUpdateParams extends ContextRef {
  patch: MergePatch;
  /** Optimistic concurrency: the update fails with a conflict unless the context is at this version. */
  ifVersion?: number;
}

export interface ContextHistoryParams extends ContextRef {
  afterVersion?: number;
  limit?: number;
  cursor?: string;
}

export interface SessionsListParams {
  limit?: number;
  cursor?: string;
}

/** `context/get`: the current state and version of a context. */
export function contextGet(client: Client, params: ContextRef = {}, options?: RequestOptions): Promise<ContextSnapshot> {
  return client.request({ method: SWITCHBOARD_METHODS.contextGet, params: defined(params) }, ContextSnapshotSchema, options);
}

/** `context/update`: applies a merge patch; resolves once the update is committed. */
export function contextUpdate(client: Client, params: ContextUpdateParams, options?: RequestOptions): Promise<ContextUpdateResult> {
  return client.request({ method: SWITCHBOARD_METHODS.contextUpdate, params: defined(params) }, ContextUpdateResultSchema, options);
}

/** `notifications/context/update`: the same update, fire-and-forget (no version, no conflict check). */
export function notifyContextUpdate(client: Client, params: Omit<ContextUpdateParams, 'ifVersion'>): Promise<void> {
  return client.notification({ method: SWITCHBOARD_METHODS.contextUpdateNotification, params: defined(params) });
}

/** `context/history`: the updates that produced a context, oldest first, paginated. */
export function contextHistory(client: Client, params: ContextHistoryParams = {}, options?: RequestOptions): Promise<ContextHistoryPage> {
  return client.request({ method: SWITCHBOARD_METHODS.contextHistory, params: defined(params) }, ContextHistoryPageSchema, options);
}

/** `sessions/list` (scope `sessions:admin`): stored sessions, paginated. */
export function sessionsList(client: Client, params: SessionsListParams = {}, options?: RequestOptions): Promise<SessionsPage> {
  return client.request({ method: SWITCHBOARD_METHODS.sessionsList, params: defined(params) }, SessionsPageSchema, options);
}

/** Drops undefined members so that optional params are absent on the wire, not `null`. */
function defined<T extends object>(params: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}
