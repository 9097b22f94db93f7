"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Output = void 0;
exports.formatTable = formatTable;
exports.formatColumns = formatColumns;
exports.truncate = truncate;
exports.formatTimestamp = formatTimestamp;
exports.formatJson = formatJson;
const COLUMN_GAP = '  ';
/**
 * Left-aligned columns under upper-case headers, for people. Cells are flattened to one
 * line; the last column is not padded so lines carry no trailing blanks.
 */
function formatTable(headers, rows) {
    return formatColumns([headers.map((h) => h.toUpperCase()), ...rows]);
}
/** Rows aligned in columns, without a header. */
function formatColumns(rows) {
    const cells = rows.map((row) => row.map(oneLine));
    const columns = Math.max(0, ...cells.map((row) => row.length));
    const widths = Array.from({ length: columns }, (_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
    return cells
        .map((row) => row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join(COLUMN_GAP)
        .trimEnd())
        .join('\n');
}
/** Shortens to `max` characters with an ellipsis. */
function truncate(text, max) {
    return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
/** `2025-01-02T03:04:05.678Z` → `2025-01-02 03:04:05Z`; missing → `-`. */
function formatTimestamp(value) {
    if (!value)
        return '-';
    const date = new Date(value);
    if (Number.isNaN(date.getTime()))
        return value;
    return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
function formatJson(value) {
    return JSON.stringify(value, null, 2);
}
function oneLine(text) {
    return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
/** Where a command's output goes: results on stdout (JSON with `--json`), notes and errors on stderr. */
class Output {
    stdout;
    stderr;
    json;
    constructor(stdout, stderr, json) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.json = json;
    }
    /** Prints a result: `value` as JSON for scripts, or the human rendering. */
    result(value, human) {
        this.line(this.json ? formatJson(value) : human());
    }
    /** A line on stdout. */
    line(text) {
        this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
    /** A note for people on stderr; never mixed into results. */
    note(text) {
        this.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    }
    error(detail) {
        if (this.json) {
            this.note(JSON.stringify({ error: detail }));
            return;
        }
        const code = detail.code === undefined ? '' : ` (code ${detail.code})`;
        const data = detail.data === undefined ? '' : `\n${formatJson(detail.data)}`;
        this.note(`error: ${detail.message}${code}${data}`);
    }
}
exports.Output = Output;
//# sourceMappingURL=output.js.map