import { ContextTooLargeError } from './context-size-cap';
import { Injectable } from '@nestjs/common';
import { ErrorCode, McpError } from '../protocol/mcp-error';
import { McpTelemetry } from '../observability/mcp-telemetry';
import { EventBus } from '../events/event-bus.service';
import { unstorableInJsonb } from './jsonb-text';
import { ContextRepository } from './context.repository';
import { MAX_VERSION } from './context-version';

export interface ContextCaller {
  agentId: string;
  /** The context meant when no contextId is given: the session's own, or a stateless request's `_meta.contextId`. */
  sessionContextId?: string;
  sessionId?: string;
  correlationId?: string;
}

export interface ContextSnapshot {
  contextId: string;
  version: number;
  state: unknown;
  updatedAt: string;
}

export interface ContextHistoryPage {
  contextId: string;
  updates: Array<{
    version: number;
    patch: unknown;
    agentId: string;
    sessionId: string | null;
    correlationId: string | null;
    createdAt: string;
  }>;
  nextCursor?: string;
}

const DEFAULT_HISTORY_LIMIT = 100;

/**
 * The rules of contexts: which one a request means, that another agent's context is
 * invisible (not found, never forbidden), and how `ifVersion` conflicts are reported.
 */
@Injectable()
export class ContextService {
  constructor(
    private readonly contexts: ContextRepository,
    private readonly telemetry: McpTelemetry,
    private readonly events: EventBus,
  ) {}

  async update(
    caller: ContextCaller,
    params: { contextId?: string; patch: unknown; ifVersion?: number },
  ): Promise<{ contextId: string; version: number }> {
    const contextId = this.resolve(caller, params.contextId);
    // Refused here with its path, rather than by PostgreSQL as an internal error.
    const unstorable = unstorableInJsonb(params.patch, 'patch');
    if (unstorable) throw McpError.invalidParams(unstorable, { contextId });
    const applied = await this.contexts
      .applyPatch({
        contextId,
        agentId: caller.agentId,
        patch: params.patch,
        ifVersion: params.ifVersion,
        sessionId: caller.sessionId,
        correlationId: caller.correlationId,
        // A session's own context exists from initialize on; any other id (an explicit one, or a
        // stateless request's _meta.contextId) is created for the caller on first write.
        createIfMissing: !(caller.sessionId && contextId === caller.sessionContextId),
      })
      .catch((err: unknown) => {
        if (err instanceof ContextTooLargeError) this.telemetry.contextUpdated('too_large');
        throw err;
      });
    if (applied) {
      this.telemetry.contextUpdated('ok');
      // After the commit: `context://<id>` subscribers on every replica (batched NOTIFY).
      this.events.resourceUpdated(`context://${contextId}`);
      return { contextId, version: applied.version };
    }
    const current = await this.contexts.find(contextId, caller.agentId);
    this.telemetry.contextUpdated(current ? 'conflict' : 'not_found');
    if (!current) throw McpError.notFound('Context', { contextId });
    throw new McpError(ErrorCode.VersionConflict, `Version conflict: context is at version ${current.version}, not ${params.ifVersion}`, {
      contextId,
      currentVersion: current.version,
    });
  }

  async get(caller: ContextCaller, contextId?: string): Promise<ContextSnapshot> {
    const id = this.resolve(caller, contextId);
    const row = await this.contexts.find(id, caller.agentId);
    if (!row) throw McpError.notFound('Context', { contextId: id });
    return { contextId: row.id, version: row.version, state: row.state, updatedAt: row.updatedAt.toISOString() };
  }

  async history(
    caller: ContextCaller,
    params: { contextId?: string; afterVersion?: number; limit?: number; cursor?: string },
  ): Promise<ContextHistoryPage> {
    const contextId = this.resolve(caller, params.contextId);
    if (!(await this.contexts.find(contextId, caller.agentId))) throw McpError.notFound('Context', { contextId });
    const after = params.cursor !== undefined ? decodeCursor(params.cursor) : (params.afterVersion ?? 0);
    const limit = params.limit ?? DEFAULT_HISTORY_LIMIT;
    const rows = await this.contexts.history(contextId, after, limit + 1);
    const page = rows.slice(0, limit);
    return {
      contextId,
      updates: page.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
      ...(rows.length > limit && { nextCursor: encodeCursor(page[page.length - 1].version) }),
    };
  }

  private resolve(caller: ContextCaller, contextId?: string): string {
    const id = contextId ?? caller.sessionContextId;
    if (!id) throw McpError.invalidParams('contextId is required outside a session (or set _meta.contextId)');
    return id;
  }
}

function encodeCursor(version: number): string {
  return Buffer.from(`v:${version}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^v:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  const version = match ? Number(match[1]) : NaN;
  if (!(version <= MAX_VERSION)) throw McpError.invalidParams('cursor: not a cursor this server issued');
  return version;
}
