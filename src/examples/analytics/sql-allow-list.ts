/**
 * What an analytics query may use. Everything here is an allow-list: a construct, function,
 * cast or relation not named is refused, so a PostgreSQL upgrade that adds syntax or functions
 * adds nothing an agent can reach.
 */

/** The schema holding the views (prisma/migrations/20261124100000_analytics_role, 20261124102500_analytics_orders). */
export const ANALYTICS_SCHEMA = 'analytics';

/** The database role every analytics query runs as (same migration). */
export const ANALYTICS_ROLE = 'switchboard_analytics';

/** Relations of {@link ANALYTICS_SCHEMA} with their columns (the columns are for the tool's description). */
export const ANALYTICS_RELATIONS: Readonly<Record<string, readonly string[]>> = {
  customers: ['id', 'name', 'tier', 'country', 'created_at'],
  tickets: ['id', 'customer_id', 'subject', 'priority', 'status', 'created_by', 'created_at'],
  orders: ['id', 'customer_id', 'status', 'currency', 'total_cents', 'created_at'],
  order_lines: ['order_id', 'line_no', 'sku', 'description', 'quantity', 'unit_price_cents'],
};

/**
 * Functions that read nothing but their arguments and change nothing. Left out on purpose:
 * anything with side effects or session state (set_config, nextval, pg_sleep, lo_*, dblink),
 * anything that reads server state (current_setting, pg_*, has_*_privilege, to_regclass), and
 * anything whose output can outgrow its input by a factor the caller picks (repeat, lpad, rpad,
 * replace, regexp_replace, array_fill): one such call can allocate a gigabyte before the
 * statement timeout is even looked at. generate_series is allowed: it is lazy and interruptible,
 * so the statement timeout and row cap bound it.
 */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregates
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'bool_and',
  'bool_or',
  'every',
  'string_agg',
  'array_agg',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'percentile_cont',
  'percentile_disc',
  'mode',
  // window functions
  'row_number',
  'rank',
  'dense_rank',
  'percent_rank',
  'cume_dist',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'nth_value',
  // text
  'lower',
  'upper',
  'initcap',
  'length',
  'char_length',
  'btrim',
  'ltrim',
  'rtrim',
  'substring',
  'substr',
  'left',
  'right',
  'split_part',
  'concat',
  'concat_ws',
  'position',
  'strpos',
  'starts_with',
  // numbers
  'round',
  'trunc',
  'abs',
  'ceil',
  'ceiling',
  'floor',
  'sign',
  'mod',
  'width_bucket',
  // dates
  'date_trunc',
  'date_part',
  'extract',
  'date_bin',
  'age',
  'now',
  'make_date',
  'to_char',
  // rows
  'generate_series',
]);

/** Target types of `CAST(x AS t)` / `x::t`. reg* types are absent: they look up the catalogs. */
export const ALLOWED_CAST_TYPES: ReadonlySet<string> = new Set([
  'bool',
  'int2',
  'int4',
  'int8',
  'numeric',
  'float4',
  'float8',
  'text',
  'varchar',
  'bpchar',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
  'uuid',
]);

/**
 * Parse-tree node types a plain SELECT is made of. Statements other than SelectStmt, IntoClause,
 * LockingClause, ParamRef, XML/JSON constructors, TABLESAMPLE, column definition lists and the
 * like are absent, so they are refused wherever they appear.
 */
export const ALLOWED_NODES: ReadonlySet<string> = new Set([
  'SelectStmt',
  'ResTarget',
  'ColumnRef',
  'A_Star',
  'A_Const',
  'String',
  'Integer',
  'Float',
  'Boolean',
  'BitString',
  'List',
  'A_Expr',
  'BoolExpr',
  'NullTest',
  'BooleanTest',
  'CaseExpr',
  'CaseWhen',
  'CoalesceExpr',
  'MinMaxExpr',
  'NullIfExpr',
  'SubLink',
  'RowExpr',
  'A_ArrayExpr',
  'A_Indirection',
  'A_Indices',
  'TypeCast',
  'TypeName',
  'FuncCall',
  'SQLValueFunction',
  'RangeVar',
  'Alias',
  'JoinExpr',
  'RangeSubselect',
  'RangeFunction',
  'SortBy',
  'WindowDef',
  'GroupingSet',
  'GroupingFunc',
  'WithClause',
  'CommonTableExpr',
  'CollateClause',
]);
