import { Injectable } from '@nestjs/common';
import { parse } from 'libpg-query';
import { QueryRejectedError } from './query-rejected.error';
import { SelectTreeChecker, statementName } from './select-tree-checker';

interface RawStmt {
  stmt?: Record<string, unknown>;
  stmt_location?: number;
  stmt_len?: number;
}

/**
 * Lets through exactly one SELECT that reads only the analytics views with allowed functions,
 * judged on the tree of PostgreSQL's own parser (libpg-query, the server's grammar compiled to
 * WebAssembly), never on the text. First of several layers: the repository still runs what
 * passes in a read-only transaction, as a role that can read nothing else, under a timeout.
 */
@Injectable()
export class SelectGuard {
  /**
   * Checks `sql` and returns it wrapped so that at most `fetchRows` rows come back. The wrapped
   * text is checked again, so what runs is exactly what was checked.
   *
   * @example
   * await guard.prepare('SELECT tier, count(*) FROM customers GROUP BY tier', 101);
   * // 'SELECT * FROM (\nSELECT tier, count(*) FROM customers GROUP BY tier\n) AS analytics_query LIMIT 101'
   */
  async prepare(sql: string, fetchRows: number): Promise<string> {
    if (!Number.isSafeInteger(fetchRows) || fetchRows < 1) throw new RangeError(`fetchRows must be a positive integer, not ${fetchRows}`);
    const statement = await this.check(sql);
    // The newline before ")" ends a trailing `-- comment` in the caller's text.
    const wrapped = `SELECT * FROM (\n${statement}\n) AS analytics_query LIMIT ${fetchRows}`;
    await this.check(wrapped);
    return wrapped;
  }

  /** Throws a {@link QueryRejectedError} unless `sql` is one allowed SELECT; returns its text without the `;`. */
  async check(sql: string): Promise<string> {
    const statements = await parseStatements(sql);
    if (statements.length !== 1) {
      throw new QueryRejectedError(
        statements.length === 0
          ? 'Expected one SELECT statement, found none'
          : `Only a single SELECT statement is allowed, found ${statements.length} statements`,
      );
    }
    const [raw] = statements;
    const [kind] = Object.keys(raw.stmt ?? {});
    if (kind !== 'SelectStmt') throw new QueryRejectedError(`Only SELECT is allowed, not ${statementName(kind)}`);
    new SelectTreeChecker().checkSelect(raw.stmt![kind] as Record<string, unknown>);
    return statementText(sql, raw);
  }
}

async function parseStatements(sql: string): Promise<RawStmt[]> {
  if (sql.trim() === '') return []; // libpg-query throws "Query cannot be empty"
  try {
    const tree = (await parse(sql)) as { stmts?: RawStmt[] };
    return tree.stmts ?? [];
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const where = details?.cursorPosition !== undefined ? ` (at character ${details.cursorPosition + 1})` : '';
    throw new QueryRejectedError(`Could not parse the query: ${(error as Error).message}${where}`);
  }
}

/** The statement's own text: libpg-query's offsets count UTF-8 bytes; a length of 0 means "to the end". */
function statementText(sql: string, raw: RawStmt): string {
  const bytes = Buffer.from(sql, 'utf8');
  const start = raw.stmt_location ?? 0;
  const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
  return bytes.subarray(start, end).toString('utf8');
}
