import { Injectable } from '@nestjs/common';
import { Tool } from '../tools/tool.decorator';
import { ToolError } from '../tools/tool-error';
import { ORDER_STATUSES, OrderDto, OrderLookupInput, OrderSummaryDto, OrderSummaryInput } from './dto/order.dto';
import { ExampleDataRepository } from './example-data.repository';
import { OrderRepository } from './order.repository';

export const ORDERS_READ = 'orders:read';

/** Read-only order lookups and per-customer summaries over the sample dataset. */
@Injectable()
export class OrderTools {
  constructor(
    private readonly orders: OrderRepository,
    private readonly data: ExampleDataRepository,
  ) {}

  @Tool({
    name: 'orders_summary',
    title: 'Summarize a customer’s orders',
    description:
      'One customer’s orders, optionally in [since, until): count per status, amount spent per currency (paid and shipped orders, in cents), ' +
      'the latest order date and the top 3 SKUs by quantity. Use orders_get for one order’s lines.',
    input: OrderSummaryInput,
    output: OrderSummaryDto,
    scopes: [ORDERS_READ],
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  })
  async summary(input: OrderSummaryInput): Promise<OrderSummaryDto> {
    const since = input.since === undefined ? undefined : new Date(input.since);
    const until = input.until === undefined ? undefined : new Date(input.until);
    if (since && until && since >= until) throw new ToolError('since must be before until');
    const customer = await this.data.findCustomer(input.customerId);
    if (!customer) throw new ToolError(`No customer with id ${input.customerId}`);
    const row = await this.orders.summarize(customer.id, since, until);
    const count = (status: string) => row.byStatus[status] ?? 0;
    return {
      customerId: customer.id,
      customerName: customer.name,
      ...(since && { since: since.toISOString() }),
      ...(until && { until: until.toISOString() }),
      orderCount: row.orderCount,
      ordersByStatus: Object.fromEntries(ORDER_STATUSES.map((s) => [s, count(s)])) as unknown as OrderSummaryDto['ordersByStatus'],
      totalSpent: row.spent,
      ...(row.lastOrderAt && { lastOrderAt: row.lastOrderAt.toISOString() }),
      topSkus: row.topSkus,
    };
  }

  @Tool({
    name: 'orders_get',
    title: 'Get order',
    description: 'One order by id (e.g. ord_0001) with its lines: SKU, description, quantity, unit price and line total in cents.',
    input: OrderLookupInput,
    output: OrderDto,
    scopes: [ORDERS_READ],
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  })
  async get(input: OrderLookupInput): Promise<OrderDto> {
    const order = await this.orders.findOrder(input.orderId);
    if (!order) throw new ToolError(`No order with id ${input.orderId}`);
    return {
      id: order.id,
      customerId: order.customerId,
      status: order.status,
      currency: order.currency,
      totalCents: order.totalCents,
      createdAt: order.createdAt.toISOString(),
      lines: order.lines.map((line) => ({
        lineNo: line.lineNo,
        sku: line.sku,
        description: line.description,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        lineTotalCents: line.quantity * line.unitPriceCents,
      })),
    };
  }
}
