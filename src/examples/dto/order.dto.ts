import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** ISO 8601 with a date at least (2025-01-31, 2025-01-31T12:00:00Z); the time zone defaults to UTC. */
const ISO_DATE = { strict: true, strictSeparator: true };

export class OrderSummaryInput {
  @IsString()
  @Matches(/^cus_[A-Za-z0-9]{1,32}$/, { message: 'customerId must look like cus_001' })
  @JSONSchema({ description: 'Customer id, e.g. cus_001' })
  customerId!: string;

  @IsOptional()
  @IsISO8601(ISO_DATE, { message: 'since must be an ISO 8601 date, e.g. 2026-01-01' })
  @JSONSchema({ description: 'Only orders placed at or after this instant (ISO 8601, e.g. 2026-01-01)' })
  since?: string;

  @IsOptional()
  @IsISO8601(ISO_DATE, { message: 'until must be an ISO 8601 date, e.g. 2026-07-01' })
  @JSONSchema({ description: 'Only orders placed before this instant (ISO 8601, exclusive)' })
  until?: string;
}

export class OrderStatusCounts {
  @IsInt() @Min(0) pending!: number;
  @IsInt() @Min(0) paid!: number;
  @IsInt() @Min(0) shipped!: number;
  @IsInt() @Min(0) cancelled!: number;
}

export class CurrencyTotal {
  @IsString() @Length(3, 3) currency!: string;
  @JSONSchema({ description: 'Sum of paid and shipped orders, in minor units (cents) of the currency' })
  @IsInt()
  @Min(0)
  totalCents!: number;
}

export class SkuQuantity {
  @IsString() sku!: string;
  @IsString() description!: string;
  @IsInt() @Min(1) quantity!: number;
}

export class OrderSummaryDto {
  @IsString() customerId!: string;
  @IsString() customerName!: string;
  @IsOptional() @IsISO8601() since?: string;
  @IsOptional() @IsISO8601() until?: string;

  @JSONSchema({ description: 'Orders in the period, any status' })
  @IsInt()
  @Min(0)
  orderCount!: number;

  @IsDefined()
  @ValidateNested()
  @Type(() => OrderStatusCounts)
  ordersByStatus!: OrderStatusCounts;

  @JSONSchema({ description: 'Per currency, the sum of paid and shipped orders (pending and cancelled ones are not spent)' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CurrencyTotal)
  totalSpent!: CurrencyTotal[];

  @JSONSchema({ description: 'When the latest order in the period was placed; absent when there is none' })
  @IsOptional()
  @IsISO8601()
  lastOrderAt?: string;

  @JSONSchema({ description: 'Up to 3 SKUs by quantity ordered, cancelled orders excluded' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SkuQuantity)
  topSkus!: SkuQuantity[];
}

export class OrderLookupInput {
  @IsString()
  @Matches(/^ord_[A-Za-z0-9]{1,32}$/, { message: 'orderId must look like ord_0001' })
  @JSONSchema({ description: 'Order id, e.g. ord_0001' })
  orderId!: string;
}

export class OrderLineDto {
  @IsInt() @Min(1) lineNo!: number;
  @IsString() sku!: string;
  @IsString() description!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsInt() @Min(0) unitPriceCents!: number;
  @IsInt() @Min(0) lineTotalCents!: number;
}

export class OrderDto {
  @IsString() id!: string;
  @IsString() customerId!: string;
  @IsIn(ORDER_STATUSES) status!: string;
  @IsString() @Length(3, 3) currency!: string;
  @JSONSchema({ description: 'Sum of the lines, in minor units (cents) of the currency' })
  @IsInt()
  @Min(0)
  totalCents!: number;
  @IsISO8601() createdAt!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
}
