import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import { ContextUpdateBatcher, DEFAULT_MAX_QUEUED_BYTES } from './context-update-batcher';
import { contextTooLarge } from './context-size-cap';
import { versionNumber } from './context-version';

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

export interface PatchInput {
  contextId: string;
  agentId: string;
  patch: unknown;
  ifVersion?: number;
  sessionId?: string;
  correlationId?: string;
  createIfMissing: boolean;
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
 * An update that would grow a document past `CONTEXT_MAX_BYTES` is refused by the merge itself
 * (`jsonb_merge_patch_capped`, under the row lock); a first write that would is refused before
 * the insert (its patch merged into `{}`, which is what the second pass merges into), so it
 * leaves no empty context behind.
 */
const APPLY_PATCH_SQL = `
  WITH ensured AS (
    INSERT INTO contexts (id, agent_id)
    SELECT $1::uuid, $2
     WHERE CASE WHEN NOT $3::boolean OR NOT ($5::bigint IS NULL OR $5::bigint = 0) THEN false
                WHEN EXISTS (SELECT 1 FROM contexts WHERE id = $1::uuid) THEN false
                ELSE jsonb_merge_patch_capped('{}'::jsonb, $4::jsonb, $8::bigint) IS NOT NULL END
    ON CONFLICT (id) DO NOTHING
  ),
  upd AS (
    UPDATE contexts
       SET state = jsonb_merge_patch_capped(state, $4::jsonb, $8::bigint), version = version + 1, updated_at = now()
     WHERE id = $1::uuid AND agent_id = $2 AND ($5::bigint IS NULL OR version = $5::bigint)
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
  private readonly maxStateBytes: number;

  constructor(
    private readonly prisma: PrismaService,
    config: AppConfig,
  ) {
    this.maxStateBytes = config.CONTEXT_MAX_BYTES;
    // Leave half the pool for everything else.
    const batches = Math.max(1, Math.floor((prisma.pool.options.max ?? 10) / 2));
    this.batcher = new ContextUpdateBatcher(prisma.pool, batches, DEFAULT_MAX_QUEUED_BYTES, this.maxStateBytes);
  }

  /** Applies the patch, or null (no such context, or a version conflict); an update over the size cap is -32602. */
  async applyPatch(input: PatchInput): Promise<AppliedUpdate | null> {
    try {
      return await this.apply(input);
    } catch (err) {
      throw contextTooLarge(err, input.contextId) ?? err;
    }
  }

  private async apply(input: PatchInput): Promise<AppliedUpdate | null> {
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
    const { rows } = await this.prisma.pool.query<{ version: string; updated_at: Date }>({
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
        this.maxStateBytes,
      ],
    });
    if (rows.length === 0 && input.createIfMissing) {
      // The INSERT above is invisible to the UPDATE in the same statement; a brand-new
      // context therefore needs one more pass, which now finds the row.
      const applied = await this.apply({ ...input, createIfMissing: false });
      if (applied) this.remember(input.contextId);
      return applied;
    }
    if (rows[0]) this.remember(input.contextId);
    return rows[0] ? { version: versionNumber(rows[0].version), updatedAt: rows[0].updated_at } : null;
  }

  /** Contexts seen to exist (they are never deleted): their updates can skip the create step. */
  private remember(contextId: string): void {
    if (this.known.size >= KNOWN_LIMIT) this.known.delete(this.known.values().next().value as string);
    this.known.add(contextId);
  }

  async find(contextId: string, agentId: string): Promise<ContextRow | null> {
    const row = await this.prisma.context.findFirst({
      where: { id: contextId, agentId },
      select: { id: true, version: true, state: true, updatedAt: true },
    });
    return row && { ...row, version: versionNumber(row.version) };
  }

  async history(contextId: string, afterVersion: number, limit: number): Promise<ContextUpdateRow[]> {
    const rows = await this.prisma.contextUpdate.findMany({
      where: { contextId, version: { gt: afterVersion } },
      orderBy: { version: 'asc' },
      take: limit,
      select: { version: true, patch: true, agentId: true, sessionId: true, correlationId: true, createdAt: true },
    });
    return rows.map((row) => ({ ...row, version: versionNumber(row.version) }));
  }
}
