import { ALLOWED_CAST_TYPES, ALLOWED_FUNCTIONS, ALLOWED_NODES, ANALYTICS_RELATIONS, ANALYTICS_SCHEMA } from './sql-allow-list';
import { QueryRejectedError } from './query-rejected.error';

type Fields = Record<string, unknown>;

const RELATION_NAMES: ReadonlySet<string> = new Set(Object.keys(ANALYTICS_RELATIONS));
const RELATION_LIST = [...RELATION_NAMES].map((name) => `${ANALYTICS_SCHEMA}.${name}`).join(', ');
const FUNCTION_LIST = [...ALLOWED_FUNCTIONS].join(', ');
/** CURRENT_DATE and friends; CURRENT_USER, SESSION_USER, CURRENT_SCHEMA... tell about the server. */
const CLOCK_VALUE_FUNCTION = /^SVFOP_(CURRENT_DATE|CURRENT_TIME|CURRENT_TIMESTAMP|LOCALTIME|LOCALTIMESTAMP)(_N)?$/;

/**
 * Walks one SelectStmt of libpg-query's JSON tree. Wrapped nodes (`{ "FuncCall": {...} }`) are
 * recognised generically by their capitalised key and must be in {@link ALLOWED_NODES}; a few
 * get a closer look (functions, relations, casts, operators). Struct fields the parser emits
 * unwrapped (a SELECT's `larg`/`rarg`, `intoClause`, `withClause`, a cast's `typeName`) are
 * handled by name. Relation names are resolved against the CTEs in scope, as PostgreSQL does,
 * so `WITH pg_class AS (...)` cannot lend its name to a catalog elsewhere in the query.
 */
export class SelectTreeChecker {
  checkSelect(select: Fields, ctes: ReadonlySet<string> = new Set()): void {
    if (select.intoClause) throw new QueryRejectedError('SELECT ... INTO is not allowed: it creates a table');
    if (select.lockingClause) throw new QueryRejectedError('Locking clauses (FOR UPDATE / FOR SHARE) are not allowed: queries only read');
    const inScope = this.checkWith(select.withClause as Fields | undefined, ctes);
    for (const [field, value] of Object.entries(select)) {
      if (field === 'withClause') continue;
      if ((field === 'larg' || field === 'rarg') && value) this.checkSelect(value as Fields, inScope);
      else this.walk(value, inScope);
    }
  }

  /** Each CTE sees the ones before it (all of them when RECURSIVE); the query body sees all. */
  private checkWith(clause: Fields | undefined, outer: ReadonlySet<string>): ReadonlySet<string> {
    if (!clause) return outer;
    const ctes = ((clause.ctes as Fields[] | undefined) ?? []).map((wrapper) => wrapper.CommonTableExpr as Fields);
    const names = ctes.map((cte) => String(cte.ctename));
    ctes.forEach((cte, i) => {
      const visible = new Set([...outer, ...(clause.recursive ? names : names.slice(0, i))]);
      this.walk(cte, visible);
    });
    return new Set([...outer, ...names]);
  }

  private walk(value: unknown, ctes: ReadonlySet<string>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, ctes);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Fields)) {
      if (/^[A-Z]/.test(key)) this.checkNode(key, child as Fields, ctes);
      else this.walk(child, ctes);
    }
  }

  private checkNode(type: string, node: Fields, ctes: ReadonlySet<string>): void {
    if (!ALLOWED_NODES.has(type)) throw new QueryRejectedError(describeForbiddenNode(type));
    switch (type) {
      case 'SelectStmt':
        return this.checkSelect(node, ctes);
      case 'RangeVar':
        return checkRelation(node, ctes);
      case 'FuncCall':
        checkFunction(node.funcname);
        return this.walkExcept(node, 'funcname', ctes);
      case 'TypeCast':
        checkType(node.typeName as Fields);
        return this.walkExcept(node, 'typeName', ctes);
      case 'TypeName':
        return checkType(node);
      case 'A_Expr':
        checkOperator(node.name);
        return this.walkExcept(node, 'name', ctes);
      case 'SubLink': // x OPERATOR(s.=) ANY (SELECT ...)
        checkOperator(node.operName);
        return this.walkExcept(node, 'operName', ctes);
      case 'SortBy': // ORDER BY x USING OPERATOR(s.<)
        checkOperator(node.useOp);
        return this.walkExcept(node, 'useOp', ctes);
      case 'SQLValueFunction':
        if (!CLOCK_VALUE_FUNCTION.test(String(node.op))) {
          throw new QueryRejectedError(
            `${String(node.op).replace(/^SVFOP_/, '')} is not allowed: only date/time values such as CURRENT_DATE are`,
          );
        }
        return;
      default:
        return this.walk(node, ctes);
    }
  }

  private walkExcept(node: Fields, skipped: string, ctes: ReadonlySet<string>): void {
    for (const [field, value] of Object.entries(node)) if (field !== skipped) this.walk(value, ctes);
  }
}

function checkRelation(range: Fields, ctes: ReadonlySet<string>): void {
  const name = String(range.relname);
  const schema = range.schemaname as string | undefined;
  if (!schema && !range.catalogname && ctes.has(name)) return;
  const qualified = [range.catalogname, schema, name].filter(Boolean).join('.');
  const catalog = schema === 'pg_catalog' || schema === 'information_schema' || name.startsWith('pg_');
  if (catalog || range.catalogname || (schema && schema !== ANALYTICS_SCHEMA) || !RELATION_NAMES.has(name)) {
    const why = catalog ? 'system catalogs cannot be queried' : `it is outside the ${ANALYTICS_SCHEMA} schema's views`;
    throw new QueryRejectedError(`Relation ${qualified} is not allowed (${why}); only ${RELATION_LIST} may be queried`);
  }
}

function checkFunction(funcname: unknown): void {
  const parts = names(funcname);
  const name = parts.length === 2 && parts[0] === 'pg_catalog' ? parts[1] : parts.length === 1 ? parts[0] : undefined;
  if (name === undefined || !ALLOWED_FUNCTIONS.has(name)) {
    throw new QueryRejectedError(`Function ${parts.join('.')}() is not allowed in analytics queries; allowed functions: ${FUNCTION_LIST}`);
  }
}

function checkType(typeName: Fields | undefined): void {
  const parts = names(typeName?.names);
  const name = parts.length === 2 && parts[0] === 'pg_catalog' ? parts[1] : parts.length === 1 ? parts[0] : undefined;
  if (name === undefined || !ALLOWED_CAST_TYPES.has(name)) {
    throw new QueryRejectedError(`Cast to type ${parts.join('.')} is not allowed; allowed types: ${[...ALLOWED_CAST_TYPES].join(', ')}`);
  }
}

/** `OPERATOR(schema.op)` could name an operator outside pg_catalog; plain operators resolve there first. */
function checkOperator(name: unknown): void {
  const parts = names(name);
  if (parts.length > 1) throw new QueryRejectedError(`Schema-qualified operator ${parts.join('.')} is not allowed`);
}

/** `[{ String: { sval: 'pg_catalog' } }, { String: { sval: 'lower' } }]` → `['pg_catalog', 'lower']`. */
function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => String((item as { String?: { sval?: string } }).String?.sval ?? '?'));
}

function describeForbiddenNode(type: string): string {
  if (type.endsWith('Stmt')) return `${statementName(type)} is not allowed inside a query: only SELECT, which reads, may run`;
  if (type === 'ParamRef') return 'Parameters ($1, $2, ...) are not supported: write values inline';
  return `The SQL construct ${type} is not allowed in analytics queries`;
}

const STATEMENT_NAMES: Record<string, string> = {
  VariableSetStmt: 'SET',
  VariableShowStmt: 'SHOW',
  TransactionStmt: 'a transaction command',
  CreateTableAsStmt: 'CREATE TABLE AS',
};

/** `DeleteStmt` → `DELETE`, `CreateFunctionStmt` → `CREATE FUNCTION`. */
export function statementName(kind: string | undefined): string {
  if (!kind) return 'an empty statement';
  return (
    STATEMENT_NAMES[kind] ??
    kind
      .replace(/Stmt$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase()
  );
}
