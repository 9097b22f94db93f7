import { IsArray, IsBoolean, IsInt, IsString, Length, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const MAX_ANALYTICS_SQL_LENGTH = 4000;

export class AnalyticsQueryInput {
  @IsString()
  @Length(1, MAX_ANALYTICS_SQL_LENGTH)
  @JSONSchema({
    description:
      'One SELECT over the analytics views (customers, tickets, orders, order_lines), e.g. SELECT tier, count(*) FROM customers GROUP BY tier',
  })
  sql!: string;
}

export class AnalyticsQueryResult {
  @IsArray()
  @IsString({ each: true })
  @JSONSchema({ description: 'Column names, in order' })
  columns!: string[];

  @IsArray()
  @IsArray({ each: true })
  @JSONSchema({
    type: 'array',
    items: { type: 'array', items: {} },
    description: 'One array per row, values in column order; timestamps as ISO 8601, bigint and numeric as strings',
  })
  rows!: unknown[][];

  @IsInt()
  @Min(0)
  @JSONSchema({ description: 'Rows returned (at most the row cap)' })
  rowCount!: number;

  @IsBoolean()
  @JSONSchema({ description: 'true when the query had more rows than the cap; add LIMIT, filters or aggregates' })
  truncated!: boolean;
}
