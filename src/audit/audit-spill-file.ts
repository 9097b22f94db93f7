import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditRowValues } from './audit-batch';

/** One audit row as a line of a spill file, and as the `row` of the log line of a row not stored. */
export interface SpilledRow {
  agentId: string;
  sessionId: string | null;
  tool: string;
  correlationId: string;
  outcome: string;
  errorCode: number | null;
  durationMs: number;
  argsDigest: string;
  /** When the call finished (ISO 8601, milliseconds: what `created_at` holds). */
  createdAt: string;
}

/** How much a spill directory may hold, all files together. */
export interface SpillBounds {
  maxRows: number;
  maxBytes: number;
}

/** What a spill file held: the rows it could read, and the lines it could not (with their text, to be logged). */
export interface SpillContents {
  rows: AuditRowValues[];
  bad: Array<{ line: number; text: string; truncated: boolean }>;
}

/** The spill directory, under SWITCHBOARD_DATA_DIR. */
export const AUDIT_SPILL_DIR = 'audit-spill';
/** At most this much waits in the spill directory (about 350 bytes a row): four overflows or shutdowns of a full buffer. */
export const AUDIT_SPILL_BOUNDS: SpillBounds = { maxRows: 200_000, maxBytes: 64 * 1024 * 1024 };

const SUFFIX = '.jsonl';
const PARTIAL = '.partial';
/** A `.partial` file untouched for this long was left by a writer that died (a live one finishes in well under a second). */
export const ABANDONED_PARTIAL_MS = 60_000;

export function toSpilledRow(v: AuditRowValues): SpilledRow {
  const [agentId, sessionId, tool, correlationId, outcome, errorCode, durationMs, argsDigest, createdAtMs] = v;
  return {
    agentId,
    sessionId,
    tool,
    correlationId,
    outcome,
    errorCode,
    durationMs,
    argsDigest,
    createdAt: new Date(createdAtMs).toISOString(),
  };
}

/** The row a spill line holds, or undefined when it is not one (wrong type, missing field, bad date). */
export function fromSpilledRow(value: unknown): AuditRowValues | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const r = value as Partial<Record<keyof SpilledRow, unknown>>;
  const texts = [r.agentId, r.tool, r.correlationId, r.outcome, r.argsDigest];
  if (!texts.every((t) => typeof t === 'string')) return undefined;
  if (r.sessionId !== null && typeof r.sessionId !== 'string') return undefined;
  if (r.errorCode !== null && !Number.isInteger(r.errorCode)) return undefined;
  if (typeof r.durationMs !== 'number' || !Number.isFinite(r.durationMs)) return undefined;
  const createdAtMs = typeof r.createdAt === 'string' ? Date.parse(r.createdAt) : NaN;
  if (!Number.isFinite(createdAtMs)) return undefined;
  const [agentId, tool, correlationId, outcome, argsDigest] = texts as string[];
  return [agentId, r.sessionId, tool, correlationId, outcome, r.errorCode as number | null, r.durationMs, argsDigest, createdAtMs];
}

/**
 * Reads spill lines. A line that is not a row (corrupt, or the last one cut short by a writer
 * that died) is reported in `bad` with its text; it does not stop the rows after it.
 */
export function parseSpill(text: string): SpillContents {
  const lines = text.split('\n');
  const unterminated = lines.pop() ?? '';
  const contents: SpillContents = { rows: [], bad: [] };
  const take = (line: string, index: number, truncated: boolean) => {
    if (line.trim() === '') return;
    let row: AuditRowValues | undefined;
    try {
      row = fromSpilledRow(JSON.parse(line));
    } catch {
      row = undefined;
    }
    if (row) contents.rows.push(row);
    else contents.bad.push({ line: index + 1, text: line, truncated });
  };
  lines.forEach((line, i) => take(line, i, false));
  take(unterminated, lines.length, true);
  return contents;
}

/**
 * A directory of append-only JSON-lines files, one per spill, each written whole under a
 * `.partial` name, flushed to disk and renamed: a reader never sees half of a file that is still
 * being written, and a writer that dies leaves a `.partial` file whose complete lines are still
 * read (once it has been abandoned for {@link ABANDONED_PARTIAL_MS}). The file name carries its
 * row count, so the bounds are checked without reading the files.
 */
export class AuditSpillDirectory {
  constructor(
    readonly dir: string,
    private readonly bounds: SpillBounds,
  ) {}

  /** Writes as many rows as the bounds leave room for to a new file; returns the rows that did not fit. */
  async write(rows: AuditRowValues[]): Promise<{ file?: string; rest: AuditRowValues[] }> {
    await mkdir(this.dir, { recursive: true });
    const used = await this.usage();
    const room = { rows: this.bounds.maxRows - used.rows, bytes: this.bounds.maxBytes - used.bytes };
    const lines: string[] = [];
    let bytes = 0;
    for (const row of rows) {
      const line = `${JSON.stringify(toSpilledRow(row))}\n`;
      const size = Buffer.byteLength(line);
      if (lines.length + 1 > room.rows || bytes + size > room.bytes) break;
      lines.push(line);
      bytes += size;
    }
    if (lines.length === 0) return { rest: rows };
    const name = `audit-${Date.now()}-${process.pid}-${randomBytes(4).toString('hex')}.${lines.length}${SUFFIX}`;
    const partial = join(this.dir, name + PARTIAL);
    const handle = await open(partial, 'wx', 0o600);
    try {
      await handle.writeFile(lines.join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, join(this.dir, name));
    await syncDirectory(this.dir);
    return { file: join(this.dir, name), rest: rows.slice(lines.length) };
  }

  /** Spill files ready to replay, oldest first (complete ones, and `.partial` ones abandoned by their writer). */
  async files(now = Date.now()): Promise<string[]> {
    const names = await readdir(this.dir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
    const ready: string[] = [];
    for (const name of names.sort()) {
      const path = join(this.dir, name);
      if (name.endsWith(SUFFIX)) ready.push(path);
      else if (name.endsWith(SUFFIX + PARTIAL) && now - (await stat(path)).mtimeMs >= ABANDONED_PARTIAL_MS) ready.push(path);
    }
    return ready;
  }

  async read(file: string): Promise<SpillContents> {
    return parseSpill(await readFile(file, 'utf8'));
  }

  /** Deletes a replayed file (gone already is fine: another process replayed it too). */
  async remove(file: string): Promise<void> {
    await unlink(file).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
  }

  /** Rows (from the file names; counted for a file named otherwise) and bytes the directory holds. */
  private async usage(): Promise<{ rows: number; bytes: number }> {
    const used = { rows: 0, bytes: 0 };
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith(SUFFIX) && !name.endsWith(SUFFIX + PARTIAL)) continue;
      const path = join(this.dir, name);
      const size = (await stat(path)).size;
      const counted = /\.(\d+)\.jsonl(\.partial)?$/.exec(name);
      used.rows += counted ? Number(counted[1]) : (await readFile(path, 'utf8')).split('\n').length - 1;
      used.bytes += size;
    }
    return used;
  }
}

/** Makes a rename in `dir` durable (the file's own fsync does not cover its directory entry). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
