import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { ContextUpdateBatcher } from './context-update-batcher';

const KNOWN_LIMIT = 100_000;

export interface ContextRow {
  id: string;
  version: number;
  state: unknown;
  updatedAt: Date;
}

export interface ContextUpdateRow {
  version: number;
  patch: unknown;
  agentId: string;
  sessionId: string | null;
  correlationId: string | null;
  createdAt: Date;
}

export interface AppliedUpdate {
  version: number;
  updatedAt: Date;
}

/**
 * Contexts and their history. An update is one statement: the merge patch is applied
 * by `jsonb_merge_patch` (RFC 7396, defined in the migrations) under the row lock, the
 * version bumped and the history row written, so concurrent writers serialize in
 * PostgreSQL and the reply is only sent after the commit. Updates of existing contexts
 * are batched ({@link ContextUpdateBatcher}); a context's first write creates it, unless it
 * names a version other than 0 (`ifVersion`): that one is not found, and creates nothing.
 */
const APPLY_PATCH_SQL = `
  WITH ensured AS (
    INSERT INTO contexts (id, agent_id)
    SELECT $1::uuid, $2 WHERE $3::boolean AND ($5::int IS NULL OR $5::int = 0)
    ON CONFLICT (id) DO NOTHING
  ),
  upd AS (
    UPDATE contexts
       SET state = jsonb_merge_patch(state, $4::jsonb), version = version + 1, updated_at = now()
     WHERE id = $1::uuid AND agent_id = $2 AND ($5::int IS NULL OR version = $5::int)
    RETURNING id, version, updated_at
  ),
  hist AS (
    INSERT INTO context_updates (context_id, version, patch, agent_id, session_id, correlation_id)
    SELECT id, version, $4::jsonb, $2, $6::uuid, $7 FROM upd
  )
  SELECT version, updated_at FROM upd`;

@Injectable()
export class ContextRepository {
  private readonly batcher: ContextUpdateBatcher;
  private readonly known = new Set<string>();

  constructor(private readonly prisma: PrismaService) {
    // Leave half the pool for everything else.
    this.batcher = new ContextUpdateBatcher(prisma.pool, Math.max(1, Math.floor((prisma.pool.options.max ?? 10) / 2)));
  }

  async applyPatch(input: {
    contextId: string;
    agentId: string;
    patch: unknown;
    ifVersion?: number;
    sessionId?: string;
    correlationId?: string;
    createIfMissing: boolean;
  }): Promise<AppliedUpdate | null> {
    const patch = JSON.stringify(input.patch);
    if (!input.createIfMissing || this.known.has(input.contextId)) {
      return this.batcher.apply({
        contextId: input.contextId,
        agentId: input.agentId,
        patch,
        ifVersion: input.ifVersion ?? null,
        sessionId: input.sessionId ?? null,
        correlationId: input.correlationId ?? null,
      });
    }
    // The hot path goes straight to the pg pool as a named (prepared) statement: no query
    // compilation per call, one round trip, planned once per connection.
    const { rows } = await this.prisma.pool.query<{ version: number; updated_at: Date }>({
      name: 'context_apply_patch',
      text: APPLY_PATCH_SQL,
      values: [
        input.contextId,
        input.agentId,
        input.createIfMissing,
        patch,
        input.ifVersion ?? null,
        input.sessionId ?? null,
        input.correlationId ?? null,
      ],
    });
    if (rows.length === 0 && input.createIfMissing) {
      // The INSERT above is invisible to the UPDATE in the same statement; a brand-new
      // context therefore needs one more pass, which now finds the row.
      const applied = await this.applyPatch({ ...input, createIfMissing: false });
      if (applied) this.remember(input.contextId);
      return applied;
    }
    if (rows[0]) this.remember(input.contextId);
    return rows[0] ? { version: rows[0].version, updatedAt: rows[0].updated_at } : null;
  }

  /** Contexts seen to exist (they are never deleted): their updates can skip the create step. */
  private remember(contextId: string): void {
    if (this.known.size >= KNOWN_LIMIT) this.known.delete(this.known.values().next().value as string);
    this.known.add(contextId);
  }

  async find(contextId: string, agentId: string): Promise<ContextRow | null> {
    return this.prisma.context.findFirst({
      where: { id: contextId, agentId },
      select: { id: true, version: true, state: true, updatedAt: true },
    });
  }

  async history(contextId: string, afterVersion: number, limit: number): Promise<ContextUpdateRow[]> {
    return this.prisma.contextUpdate.findMany({
      where: { contextId, version: { gt: afterVersion } },
      orderBy: { version: 'asc' },
      take: limit,
      select: { version: true, patch: true, agentId: true, sessionId: true, correlationId: true, createdAt: true },
    });
  }
}
