/** Anything with `write(text)`: process.stdout, process.stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
}

const COLUMN_GAP = '  ';

/**
 * Left-aligned columns under upper-case headers, for people. Cells are flattened to one
 * line; the last column is not padded so lines carry no trailing blanks.
 */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return formatColumns([headers.map((h) => h.toUpperCase()), ...rows]);
}

/** Rows aligned in columns, without a header. */
export function formatColumns(rows: ReadonlyArray<readonly string[]>): string {
  const cells = rows.map((row) => row.map(oneLine));
  const columns = Math.max(0, ...cells.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join(COLUMN_GAP)
        .trimEnd(),
    )
    .join('\n');
}

/** Shortens to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** `2025-01-02T03:04:05.678Z` → `2025-01-02 03:04:05Z`; missing → `-`. */
export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return '-';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Where a command's output goes: results on stdout (JSON with `--json`), notes and errors on stderr. */
export class Output {
  constructor(
    private readonly stdout: TextSink,
    private readonly stderr: TextSink,
    readonly json: boolean,
  ) {}

  /** Prints a result: `value` as JSON for scripts, or the human rendering. */
  result(value: unknown, human: () => string): void {
    this.line(this.json ? formatJson(value) : human());
  }

  /** A line on stdout. */
  line(text: string): void {
    this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A note for people on stderr; never mixed into results. */
  note(text: string): void {
    this.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  error(detail: { message: string; code?: number; data?: unknown }): void {
    if (this.json) {
      this.note(JSON.stringify({ error: detail }));
      return;
    }
    const code = detail.code === undefined ? '' : ` (code ${detail.code})`;
    const data = detail.data === undefined ? '' : `\n${formatJson(detail.data)}`;
    this.note(`error: ${detail.message}${code}${data}`);
  }
}
