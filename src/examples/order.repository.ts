import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { Order, OrderLine } from '../generated/prisma/client';

export type OrderWithLines = Order & { lines: OrderLine[] };

/** What orders_summary reports, computed by one SQL statement. */
export interface OrderSummaryRow {
  orderCount: number;
  byStatus: Record<string, number>;
  spent: Array<{ currency: string; totalCents: number }>;
  lastOrderAt: Date | null;
  topSkus: Array<{ sku: string; description: string; quantity: number }>;
}

/** The sample orders behind orders_get and orders_summary (and the workflows that act on them). */
@Injectable()
export class OrderRepository {
  constructor(private readonly prisma: PrismaService) {}

  findOrder(id: string): Promise<OrderWithLines | null> {
    return this.prisma.order.findUnique({ where: { id }, include: { lines: { orderBy: { lineNo: 'asc' } } } });
  }

  /**
   * A customer's orders in `[since, until)`, aggregated in PostgreSQL: count per status, spent per
   * currency (paid and shipped orders), the latest order, and the top 3 SKUs by quantity
   * (cancelled orders excluded; ties by SKU).
   */
  async summarize(customerId: string, since?: Date, until?: Date): Promise<OrderSummaryRow> {
    const from = since?.toISOString() ?? null;
    const to = until?.toISOString() ?? null;
    const rows = await this.prisma.$queryRaw<
      Array<{
        order_count: number;
        by_status: Record<string, number>;
        spent: OrderSummaryRow['spent'];
        last_order_at: Date | null;
        top_skus: OrderSummaryRow['topSkus'];
      }>
    >`
      WITH o AS (
        SELECT "id", "status", "currency", "total_cents", "created_at"
        FROM "orders"
        WHERE "customer_id" = ${customerId}
          AND (${from}::timestamptz IS NULL OR "created_at" >= ${from}::timestamptz)
          AND (${to}::timestamptz IS NULL OR "created_at" < ${to}::timestamptz)
      )
      SELECT
        (SELECT count(*)::int FROM o) AS order_count,
        (SELECT coalesce(jsonb_object_agg(s."status", s.n), '{}'::jsonb)
           FROM (SELECT "status", count(*)::int AS n FROM o GROUP BY "status") s) AS by_status,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('currency', c."currency", 'totalCents', c.total) ORDER BY c."currency"), '[]'::jsonb)
           FROM (SELECT "currency", sum("total_cents")::bigint AS total FROM o
                 WHERE "status" IN ('paid', 'shipped') GROUP BY "currency") c) AS spent,
        (SELECT max("created_at") FROM o) AS last_order_at,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', t."sku", 'description', t.description, 'quantity', t.quantity) ORDER BY t.quantity DESC, t."sku"), '[]'::jsonb)
           FROM (SELECT l."sku", min(l."description") AS description, sum(l."quantity")::int AS quantity
                 FROM o JOIN "order_lines" l ON l."order_id" = o."id"
                 WHERE o."status" <> 'cancelled'
                 GROUP BY l."sku"
                 ORDER BY quantity DESC, l."sku"
                 LIMIT 3) t) AS top_skus`;
    const row = rows[0];
    return {
      orderCount: row.order_count,
      byStatus: row.by_status,
      spent: row.spent.map((s) => ({ currency: s.currency, totalCents: Number(s.totalCents) })),
      lastOrderAt: row.last_order_at === null ? null : new Date(row.last_order_at),
      topSkus: row.top_skus,
    };
  }
}
