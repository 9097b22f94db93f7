import type { Pool } from 'pg';
import { isDatabaseUnavailable } from '../database/database-errors';
import { ErrorCode, McpError } from '../protocol/mcp-error';
import { versionNumber } from './context-version';

export interface BatchedUpdate {
  contextId: string;
  agentId: string;
  /** The merge patch as JSON text. */
  patch: string;
  ifVersion: number | null;
  sessionId: string | null;
  correlationId: string | null;
}

export interface BatchedResult {
  version: number;
  updatedAt: Date;
}

interface Pending {
  update: BatchedUpdate;
  resolve(result: BatchedResult | null): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 256;
/** Deadlock and serialization failures: the statement is atomic, so it is simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 4;
/** Patch bytes that may wait for PostgreSQL at once, by default: past it, updates are refused (retry later). */
export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/**
 * Updates of contexts that exist, applied many to a statement: application-level group
 * commit. Whatever arrives while earlier batches are in PostgreSQL goes out together, as one
 * `UPDATE … FROM unnest(…)` plus its history rows, in one transaction; each caller is
 * answered only after that commit. A context is in at most one batch at a time, so the
 * updates of one context are applied in the order they arrived. Under no load a batch is a
 * single update, sent at once. The rows are locked in id order (replicas batching the same
 * contexts cannot deadlock), a deadlock or serialization failure is retried, and an update the
 * database refuses fails only its own caller: the batch is then applied update by update. That
 * includes an update that would grow its document past `maxStateBytes`: the merge raises under
 * the row lock (`jsonb_merge_patch_capped`), so the cap holds however many replicas write.
 */
export class ContextUpdateBatcher {
  private readonly queue: Pending[] = [];
  private readonly busy = new Set<string>();
  private running = 0;
  /** Patch bytes queued or in a batch that has not committed yet. */
  private waitingBytes = 0;

  constructor(
    private readonly pool: Pool,
    private readonly maxConcurrentBatches: number,
    private readonly maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES,
    /** CONTEXT_MAX_BYTES: an update that would grow a document past it is refused by PostgreSQL (0: no cap). */
    private readonly maxStateBytes = 0,
  ) {}

  /**
   * Queues one update; resolves after its commit. While PostgreSQL is slower than the updates
   * arriving, what waits is bounded: past `maxQueuedBytes` of patches, an update is refused at
   * once (-32030, retry later) instead of growing the process's memory without limit.
   */
  apply(update: BatchedUpdate): Promise<BatchedResult | null> {
    const bytes = Buffer.byteLength(update.patch);
    if (this.waitingBytes > 0 && this.waitingBytes + bytes > this.maxQueuedBytes) {
      return Promise.reject(
        new McpError(ErrorCode.Unavailable, 'Service unavailable: too many context updates are waiting for the database; retry shortly', {
          retryAfterMs: 1000,
        }),
      );
    }
    this.waitingBytes += bytes;
    return new Promise<BatchedResult | null>((resolve, reject) => {
      this.queue.push({ update, resolve, reject });
      this.schedule();
    }).finally(() => (this.waitingBytes -= bytes));
  }

  private schedule(): void {
    while (this.running < this.maxConcurrentBatches && this.queue.length > 0) {
      const batch: Pending[] = [];
      const taken = new Set<string>();
      for (let i = 0; i < this.queue.length && batch.length < MAX_BATCH;) {
        const id = this.queue[i].update.contextId;
        if (this.busy.has(id) || taken.has(id)) {
          taken.add(id); // later updates of this context wait behind the earlier one
          i++;
          continue;
        }
        taken.add(id);
        batch.push(this.queue.splice(i, 1)[0]);
      }
      if (batch.length === 0) return;
      for (const p of batch) this.busy.add(p.update.contextId);
      this.running++;
      void this.run(batch).finally(() => {
        for (const p of batch) this.busy.delete(p.update.contextId);
        this.running--;
        this.schedule();
      });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    try {
      const results = await this.applyBatch(batch.map((p) => p.update));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1 || isDatabaseUnavailable(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
      // One update the database refused fails the whole statement: apply each alone, so that
      // only its own caller gets the error (nothing was committed, so nothing is applied twice).
      for (const p of batch) {
        try {
          p.resolve((await this.applyBatch([p.update]))[0]);
        } catch (alone) {
          p.reject(alone);
        }
      }
    }
  }

  /** Applies the updates in one statement; per update its new version, or null (no such context, or a version conflict). */
  private async applyBatch(u: BatchedUpdate[]): Promise<Array<BatchedResult | null>> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.pool.query<{ ord: number; version: string; updated_at: Date }>({
          name: 'context_apply_patch_batch',
          text: BATCH_SQL,
          values: [
            u.map((x) => x.contextId),
            u.map((x) => x.agentId),
            u.map((x) => x.patch),
            u.map((x) => x.ifVersion),
            u.map((x) => x.sessionId),
            u.map((x) => x.correlationId),
            u.map((_, i) => i),
            this.maxStateBytes,
          ],
        });
        const byOrd = new Map(rows.map((r) => [r.ord, r]));
        return u.map((_, i) => {
          const row = byOrd.get(i);
          return row ? { version: versionNumber(row.version), updatedAt: row.updated_at } : null;
        });
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has((err as { code?: string }).code ?? '')) throw err;
      }
    }
  }
}

const BATCH_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::uuid[], $6::text[], $7::int[])
      AS t(id, agent_id, patch, if_version, session_id, correlation_id, ord)
  ),
  -- Rows are locked in id order, whatever order the update's join would visit them in: two
  -- replicas batching the same contexts would otherwise deadlock each other.
  locked AS (
    SELECT c.id FROM contexts c WHERE c.id IN (SELECT id FROM input) ORDER BY c.id FOR UPDATE
  ),
  upd AS (
    UPDATE contexts c
       SET state = jsonb_merge_patch_capped(c.state, i.patch::jsonb, $8::bigint), version = c.version + 1, updated_at = now()
      FROM input i JOIN locked l ON l.id = i.id
     WHERE c.id = i.id AND c.agent_id = i.agent_id AND (i.if_version IS NULL OR c.version = i.if_version)
    RETURNING c.id, c.version, c.updated_at, i.ord, i.patch, i.agent_id, i.session_id, i.correlation_id
  ),
  hist AS (
    INSERT INTO context_updates (context_id, version, patch, agent_id, session_id, correlation_id)
    SELECT id, version, patch::jsonb, agent_id, session_id, correlation_id FROM upd
  )
  SELECT ord, version, updated_at FROM upd`;
