import type { AuditEntry } from './audit.repository';

/** The columns of tool_call_audit a batch fills, in the order each row carries them. */
export const AUDIT_COPY_COLUMNS = 'agent_id, session_id, tool, correlation_id, outcome, error_code, duration_ms, args_digest, created_at';
const FIELDS = 9;

/** Room for a batch of typical rows (about 200 bytes each) without growing. */
const INITIAL_BYTES = 128 * 1024;
/** PostgreSQL's binary COPY header: signature, flags, header extension length. */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** The end of a binary COPY: a field count of -1. */
const TRAILER = Buffer.from([0xff, 0xff]);
/** timestamptz in binary COPY: microseconds since 2000-01-01 UTC. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
/** Hex digit values by character code (-1: not a hex digit). */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Where a canonical UUID has its dashes, and where each of its 16 bytes' two hex digits start. */
const UUID_DASHES = [8, 13, 18, 23];
const UUID_BYTES = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** One row, decoded (for logs and tests). */
export type AuditRowValues = [
  agentId: string,
  sessionId: string | null,
  tool: string,
  correlationId: string,
  outcome: string,
  errorCode: number | null,
  durationMs: number,
  argsDigest: string,
  createdAtMs: number,
];

/**
 * Audit rows waiting for PostgreSQL, kept as the bytes of one `COPY … FROM STDIN (FORMAT binary)`
 * (header, one tuple per row, trailer).
 *
 * Why bytes and not objects: a row waits tens of milliseconds for its batch, long enough to live
 * through one or two scavenges of V8's young generation. As JavaScript arrays and strings the
 * buffered rows were most of what each scavenge had to copy and promote (about 0.5 MB), which
 * made every scavenge a pause of 2.5 ms instead of 1 (bench/experiments/dispatch-only.cjs
 * prints both). A Buffer's bytes live outside the JavaScript heap and are never copied by the GC.
 *
 * Why binary COPY: PostgreSQL stores the values as they come, with no text to parse per column
 * (no JSON, no uuid or timestamp input functions): about a quarter less database CPU per row than
 * an INSERT unpacking a JSON array (bench/experiments/audit-sql.mjs), and the database is what
 * every replica shares.
 */
export class AuditBatch {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  private used = HEADER.copy(this.bytes, 0);
  /** Byte offset where each row's tuple ends. */
  private readonly ends: number[] = [];

  get rows(): number {
    return this.ends.length;
  }

  /** Appends one row; `createdAtMs` is when the call finished. */
  add(entry: AuditEntry, createdAtMs: number): void {
    const agentId = storable(entry.agentId);
    const tool = storable(entry.tool);
    const correlationId = storable(entry.correlationId);
    const { outcome, argsDigest } = entry;
    // A UTF-16 code unit is at most 3 bytes of UTF-8; 4 bytes of length per field; 16 for the uuid,
    // 4 + 8 + 8 for the numbers and 2 for the field count (reserve keeps room for the trailer).
    this.reserve(3 * (agentId.length + tool.length + correlationId.length + outcome.length + argsDigest.length) + 4 * FIELDS + 40);
    const b = this.bytes;
    let at = b.writeInt16BE(FIELDS, this.used);
    at = this.text(agentId, at);
    at = entry.sessionId !== undefined && writeUuid(b, entry.sessionId, at + 4) ? b.writeInt32BE(16, at) + 16 : b.writeInt32BE(-1, at);
    at = this.text(tool, at);
    at = this.text(correlationId, at);
    at = this.text(outcome, at);
    const code = entry.errorCode;
    if (code === undefined || !Number.isInteger(code) || code < -0x80000000 || code > 0x7fffffff) at = b.writeInt32BE(-1, at);
    else at = b.writeInt32BE(code, b.writeInt32BE(4, at));
    at = b.writeDoubleBE(Math.round(entry.durationMs * 1000) / 1000, b.writeInt32BE(8, at));
    at = this.text(argsDigest, at);
    // Microseconds since 2000 stay far below 2^53 (and above 0) for centuries: two 32-bit halves, no BigInt.
    const micros = Math.round(createdAtMs - PG_EPOCH_MS) * 1000;
    const high = Math.floor(micros / 2 ** 32);
    at = b.writeUInt32BE(micros - high * 2 ** 32, b.writeInt32BE(high, b.writeInt32BE(8, at)));
    this.used = at;
    this.ends.push(at);
  }

  /** The whole batch, ready for COPY (a view, valid until the next `add`). */
  copyData(): Buffer {
    TRAILER.copy(this.bytes, this.used);
    return this.bytes.subarray(0, this.used + TRAILER.length);
  }

  /** Row `i` alone, ready for COPY. */
  row(i: number): Buffer {
    return Buffer.concat([HEADER, this.tuple(i), TRAILER]);
  }

  /** A new batch of rows `start`… of this one (after a row-by-row write stopped part way). */
  from(start: number): AuditBatch {
    const rest = new AuditBatch();
    for (let i = start; i < this.rows; i++) {
      const tuple = this.tuple(i);
      rest.reserve(tuple.length);
      rest.used += tuple.copy(rest.bytes, rest.used);
      rest.ends.push(rest.used);
    }
    return rest;
  }

  /** Row `i`'s values, read back from its bytes. */
  values(i: number): AuditRowValues {
    return readTuple(this.tuple(i), 0)[0];
  }

  private tuple(i: number): Buffer {
    return this.bytes.subarray(i === 0 ? HEADER.length : this.ends[i - 1], this.ends[i]);
  }

  /** Writes one text field (length, UTF-8 bytes) at `at`; returns where the next field starts. */
  private text(value: string, at: number): number {
    const length = this.bytes.write(value, at + 4, 'utf8');
    this.bytes.writeInt32BE(length, at);
    return at + 4 + length;
  }

  private reserve(extra: number): void {
    if (this.used + extra + TRAILER.length <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + extra + TRAILER.length));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }
}

/**
 * Writes the 16 bytes of a canonical UUID (8-4-4-4-12 hex digits) at `at`; false, having written
 * nothing useful, when `text` is not one. By hand: `Buffer.write(…, 'hex')` after removing the
 * dashes cost six times as much, more than all the other columns together.
 */
function writeUuid(b: Buffer, text: string, at: number): boolean {
  if (text.length !== 36) return false;
  for (const dash of UUID_DASHES) if (text.charCodeAt(dash) !== 0x2d) return false;
  for (let k = 0; k < 16; k++) {
    const high = text.charCodeAt(UUID_BYTES[k]);
    const low = text.charCodeAt(UUID_BYTES[k] + 1);
    if (high > 0x7f || low > 0x7f || HEX[high] < 0 || HEX[low] < 0) return false;
    b[at + k] = (HEX[high] << 4) | HEX[low];
  }
  return true;
}

/** Every row of a binary COPY stream as AuditBatch writes it (the inverse of `add`, for logs and tests). */
export function decodeAuditCopy(data: Buffer): AuditRowValues[] {
  if (data.length < HEADER.length + TRAILER.length || !data.subarray(0, HEADER.length).equals(HEADER))
    throw new Error('not an audit COPY stream');
  const rows: AuditRowValues[] = [];
  let at = HEADER.length;
  while (data.readInt16BE(at) !== -1) {
    const [row, next] = readTuple(data, at);
    rows.push(row);
    at = next;
  }
  if (at + TRAILER.length !== data.length) throw new Error('bytes after the COPY trailer');
  return rows;
}

function readTuple(b: Buffer, start: number): [AuditRowValues, number] {
  if (b.readInt16BE(start) !== FIELDS) throw new Error(`expected ${FIELDS} fields at byte ${start}`);
  let at = start + 2;
  const field = (): Buffer | null => {
    const length = b.readInt32BE(at);
    at += 4;
    if (length < 0) return null;
    at += length;
    return b.subarray(at - length, at);
  };
  const text = () => (field() as Buffer).toString('utf8');
  const agentId = text();
  const session = field();
  const sessionId = session && session.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  const tool = text();
  const correlationId = text();
  const outcome = text();
  const code = field();
  const duration = field() as Buffer;
  const argsDigest = text();
  const created = field() as Buffer;
  const row: AuditRowValues = [
    agentId,
    sessionId,
    tool,
    correlationId,
    outcome,
    code && code.readInt32BE(0),
    duration.readDoubleBE(0),
    argsDigest,
    Number(created.readBigInt64BE(0) / 1000n) + PG_EPOCH_MS,
  ];
  return [row, at];
}

/** PostgreSQL text cannot hold U+0000: a client-chosen name (tool, token subject, correlation id) with one is stored with U+FFFD instead. */
function storable(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text;
}
