import type { AuditEntry } from './audit.repository';

/** Room for a batch of typical rows (about 250 bytes each) without growing. */
const INITIAL_BYTES = 128 * 1024;
const OPEN = 0x5b; // [
const COMMA = 0x2c; // ,
const CLOSE = 0x5d; // ]

/**
 * Audit rows waiting for PostgreSQL, kept as the UTF-8 bytes of one JSON array of row arrays
 * (`[[agent, session, tool, …], …]`, columns in {@link AuditBatch.rowJson} order).
 *
 * Why bytes and not objects: a row waits tens of milliseconds for its batch, long enough to live
 * through one or two scavenges of V8's young generation. As JavaScript arrays and strings the
 * buffered rows were most of what each scavenge had to copy and promote (about 0.5 MB), which
 * made every scavenge a pause of 2.5 ms instead of 1 (bench/experiments/dispatch-only.cjs
 * prints both). A Buffer's bytes live outside the JavaScript heap and are never copied by the
 * GC; each row's text is built and written at once, and dies young.
 */
export class AuditBatch {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  private used = 1;
  /** Byte offset where each row's JSON ends (the next row starts one byte later, after a comma). */
  private readonly ends: number[] = [];

  constructor() {
    this.bytes[0] = OPEN;
  }

  get rows(): number {
    return this.ends.length;
  }

  /** Appends one row; `createdAtMs` is when the call finished. */
  add(entry: AuditEntry, createdAtMs: number): void {
    this.append(AuditBatch.rowJson(entry, createdAtMs));
  }

  /** The whole batch: the bytes of one JSON array (a view, valid until the next `add`). */
  json(): Buffer {
    this.bytes[this.used] = CLOSE;
    return this.bytes.subarray(0, this.used + 1);
  }

  /** Row `i` alone, as a JSON array of one row. */
  row(i: number): Buffer {
    return Buffer.concat([Buffer.of(OPEN), this.rowBytes(i), Buffer.of(CLOSE)]);
  }

  /** Row `i`'s JSON text (for logs). */
  rowText(i: number): string {
    return this.rowBytes(i).toString('utf8');
  }

  /** A new batch of rows `from`… of this one (after a row-by-row write stopped part way). */
  from(start: number): AuditBatch {
    const rest = new AuditBatch();
    for (let i = start; i < this.rows; i++) rest.appendBytes(this.rowBytes(i));
    return rest;
  }

  /**
   * One row as JSON, columns in the order the repository's INSERT reads them. Client-chosen
   * names go through JSON.stringify; a number that is not finite is stored as null.
   */
  static rowJson(entry: AuditEntry, createdAtMs: number): string {
    return (
      `[${JSON.stringify(storable(entry.agentId))},${entry.sessionId === undefined ? 'null' : JSON.stringify(entry.sessionId)},` +
      `${JSON.stringify(storable(entry.tool))},${JSON.stringify(entry.correlationId)},${JSON.stringify(entry.outcome)},` +
      `${numberJson(entry.errorCode)},${numberJson(Math.round(entry.durationMs * 1000) / 1000)},${JSON.stringify(entry.argsDigest)},${createdAtMs}]`
    );
  }

  private rowBytes(i: number): Buffer {
    const start = i === 0 ? 1 : this.ends[i - 1] + 1;
    return this.bytes.subarray(start, this.ends[i]);
  }

  private append(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8; one more for the comma, one for the closing ].
    this.reserve(text.length * 3 + 2);
    if (this.ends.length > 0) this.bytes[this.used++] = COMMA;
    this.used += this.bytes.write(text, this.used, 'utf8');
    this.ends.push(this.used);
  }

  private appendBytes(row: Buffer): void {
    this.reserve(row.length + 2);
    if (this.ends.length > 0) this.bytes[this.used++] = COMMA;
    this.used += row.copy(this.bytes, this.used);
    this.ends.push(this.used);
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + extra));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }
}

/** PostgreSQL text cannot hold U+0000: a client-chosen name (tool, token subject) with one is stored with U+FFFD instead. */
function storable(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text;
}

function numberJson(n: number | undefined): string {
  return n !== undefined && Number.isFinite(n) ? String(n) : 'null';
}
