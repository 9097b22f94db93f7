import type { Client } from '@modelcontextprotocol/client';
import { randomUUID } from 'node:crypto';
import { connectSwitchboard, type SwitchboardConnection } from '../../src/client';
import { RawSocket, startTestServer, type TestServer } from '../support/test-server';

/**
 * The example tools (src/examples) through the real server and the SDK v2 client: orders,
 * workflows and customer pagination over the sample dataset of prisma/migrations/*_example_*.
 */
describe('example tools (orders, workflows, customers) through the real server', () => {
  let server: TestServer;
  let conn: SwitchboardConnection;
  let client: Client;
  const opened: SwitchboardConnection[] = [];

  const connectAs = async (agentId: string, scopes?: string[], transport: 'websocket' | 'http' = 'websocket') => {
    const c = await connectSwitchboard({ url: server.mcpUrl, token: await server.token(agentId, scopes), transport });
    opened.push(c);
    return c.client;
  };
  const call = (name: string, args: Record<string, unknown>, as: Client = client) => as.callTool({ name, arguments: args });
  const text = (result: Awaited<ReturnType<typeof call>>) =>
    (result.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
  const refusal = async (name: string, args: Record<string, unknown>, as: Client = client) => {
    const result = await call(name, args, as);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    return text(result);
  };

  beforeAll(async () => {
    server = await startTestServer();
    conn = await connectSwitchboard({ url: server.mcpUrl, token: await server.token('agent-orders'), transport: 'websocket' });
    opened.push(conn);
    client = conn.client;
  });
  afterAll(async () => {
    await Promise.allSettled(opened.map((c) => c.close()));
    await server?.close();
  });

  describe('tools/list', () => {
    it('advertises the order and workflow tools with closed input schemas and output schemas with $defs', async () => {
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      for (const name of ['orders_summary', 'orders_get', 'workflows_trigger']) {
        expect(byName.get(name)?.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
      }
      expect(byName.get('orders_summary')).toMatchObject({
        inputSchema: {
          required: ['customerId'],
          properties: { customerId: expect.any(Object), since: expect.any(Object), until: expect.any(Object) },
        },
        outputSchema: {
          type: 'object',
          $defs: { OrderStatusCounts: expect.any(Object), CurrencyTotal: expect.any(Object), SkuQuantity: expect.any(Object) },
        },
        annotations: { readOnlyHint: true },
      });
      expect(byName.get('orders_get')?.outputSchema).toMatchObject({
        properties: { lines: { type: 'array', items: { $ref: '#/$defs/OrderLineDto' } } },
        $defs: { OrderLineDto: { type: 'object', additionalProperties: false } },
      });
      expect(byName.get('workflows_trigger')).toMatchObject({
        inputSchema: {
          required: expect.arrayContaining(['workflow', 'idempotencyKey', 'params']),
          properties: {
            workflow: { enum: ['refund_order', 'resend_invoice', 'escalate_ticket'] },
            idempotencyKey: { minLength: 8, maxLength: 100 },
          },
          $defs: { WorkflowParams: { additionalProperties: false } },
        },
        annotations: { readOnlyHint: false, idempotentHint: true },
      });
    });
  });

  describe('orders_summary', () => {
    it('summarizes a customer’s orders in SQL: counts per status, spent per currency, last order, top SKUs', async () => {
      const result = await call('orders_summary', { customerId: 'cus_001' });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({
        customerId: 'cus_001',
        customerName: 'Acme Logistics GmbH',
        orderCount: 5,
        ordersByStatus: { pending: 1, paid: 2, shipped: 1, cancelled: 1 },
        // paid + shipped only: ord_0001 (25 × 600.00 + 1500.00) + ord_0002 (900.00 + 2 × 1800.00); ord_0003 in USD
        totalSpent: [
          { currency: 'EUR', totalCents: 2_100_000 },
          { currency: 'USD', totalCents: 200_000 },
        ],
        lastOrderAt: '2026-09-01T09:15:00.000Z',
        // the cancelled order's 10 enterprise seats do not count
        topSkus: [
          { sku: 'SB-API-10M', description: 'API calls, block of 10M', quantity: 40 },
          { sku: 'SB-SEAT-ENT', description: 'Enterprise seat, annual', quantity: 30 },
          { sku: 'SB-STORE-1TB', description: 'Context storage, 1 TB', quantity: 5 },
        ],
      });
      // The same object as JSON text, for clients that ignore structuredContent.
      expect(JSON.parse(text(result))).toEqual(result.structuredContent);
    });

    it('restricts the summary to [since, until)', async () => {
      const result = await call('orders_summary', { customerId: 'cus_001', since: '2025-06-01', until: '2026-01-01T00:00:00Z' });
      expect(result.structuredContent).toEqual({
        customerId: 'cus_001',
        customerName: 'Acme Logistics GmbH',
        since: '2025-06-01T00:00:00.000Z',
        until: '2026-01-01T00:00:00.000Z',
        orderCount: 2,
        ordersByStatus: { pending: 0, paid: 1, shipped: 1, cancelled: 0 },
        totalSpent: [
          { currency: 'EUR', totalCents: 450_000 },
          { currency: 'USD', totalCents: 200_000 },
        ],
        lastOrderAt: '2025-11-20T15:45:00.000Z',
        topSkus: [
          { sku: 'SB-API-10M', description: 'API calls, block of 10M', quantity: 40 },
          { sku: 'SB-TRAINING', description: 'Onsite training day', quantity: 2 },
          { sku: 'SB-CONN-SAP', description: 'SAP connector', quantity: 1 },
        ],
      });
    });

    it('reports a customer without orders with zeros and no lastOrderAt', async () => {
      const result = await call('orders_summary', { customerId: 'cus_012' });
      expect(result.structuredContent).toEqual({
        customerId: 'cus_012',
        customerName: 'Lukas Novak',
        orderCount: 0,
        ordersByStatus: { pending: 0, paid: 0, shipped: 0, cancelled: 0 },
        totalSpent: [],
        topSkus: [],
      });
    });

    it('names the wrong argument, and refuses unknown customers and empty periods as tool errors', async () => {
      expect(await refusal('orders_summary', { customerId: 'acme' })).toMatch(
        /Invalid arguments for tool orders_summary: customerId: customerId must look like cus_001/,
      );
      expect(await refusal('orders_summary', { customerId: 'cus_001', since: 'last tuesday' })).toMatch(
        /since: since must be an ISO 8601 date/,
      );
      expect(await refusal('orders_summary', {})).toMatch(/customerId/);
      expect(await refusal('orders_summary', { customerId: 'cus_001', region: 'EU' })).toMatch(/region/);
      expect(await refusal('orders_summary', { customerId: 'cus_999' })).toBe('No customer with id cus_999');
      expect(await refusal('orders_summary', { customerId: 'cus_001', since: '2026-01-01', until: '2025-01-01' })).toBe(
        'since must be before until',
      );
    });
  });

  describe('orders_get', () => {
    it('returns one order with its lines, totals adding up', async () => {
      const result = await call('orders_get', { orderId: 'ord_0001' });
      expect(result.structuredContent).toEqual({
        id: 'ord_0001',
        customerId: 'cus_001',
        status: 'paid',
        currency: 'EUR',
        totalCents: 1_650_000,
        createdAt: '2025-02-10T10:00:00.000Z',
        lines: [
          {
            lineNo: 1,
            sku: 'SB-SEAT-ENT',
            description: 'Enterprise seat, annual',
            quantity: 25,
            unitPriceCents: 60_000,
            lineTotalCents: 1_500_000,
          },
          {
            lineNo: 2,
            sku: 'SB-SUPPORT-PREM',
            description: 'Premium support, annual',
            quantity: 1,
            unitPriceCents: 150_000,
            lineTotalCents: 150_000,
          },
        ],
      });
    });

    it('has consistent totals across the whole sample dataset', async () => {
      for (let n = 1; n <= 30; n++) {
        const id = `ord_${String(n).padStart(4, '0')}`;
        const order = (await call('orders_get', { orderId: id })).structuredContent as {
          totalCents: number;
          lines: Array<{ lineTotalCents: number }>;
        };
        expect(order.lines.length).toBeGreaterThan(0);
        expect(order.lines.reduce((sum, line) => sum + line.lineTotalCents, 0)).toBe(order.totalCents);
      }
    });

    it('names a malformed id and reports an unknown one', async () => {
      expect(await refusal('orders_get', { orderId: 'order-1' })).toMatch(/orderId: orderId must look like ord_0001/);
      expect(await refusal('orders_get', { orderId: 'ord_9999' })).toBe('No order with id ord_9999');
    });
  });

  describe('scopes', () => {
    it('hides the tools from an agent without orders:read / workflows:run and refuses calls with -32003', async () => {
      const socket = await RawSocket.open(server.wsUrl, await server.token('agent-support-only', ['customers:read']));
      try {
        await socket.initialize();
        const names = (await socket.request(1, 'tools/list')).result.tools.map((t: { name: string }) => t.name);
        expect(names).toContain('customers_get');
        expect(names).not.toContain('orders_summary');
        expect(names).not.toContain('orders_get');
        expect(names).not.toContain('workflows_trigger');
        const summary = await socket.request(2, 'tools/call', { name: 'orders_summary', arguments: { customerId: 'cus_001' } });
        expect(summary.error).toMatchObject({ code: -32003, data: { requiredScopes: ['orders:read'] } });
        const trigger = await socket.request(3, 'tools/call', {
          name: 'workflows_trigger',
          arguments: { workflow: 'resend_invoice', idempotencyKey: `scope-${randomUUID()}`, params: { orderId: 'ord_0001' } },
        });
        expect(trigger.error).toMatchObject({ code: -32003, data: { requiredScopes: ['workflows:run'] } });
      } finally {
        socket.close();
      }
    });

    it('lets orders:read read orders without being able to trigger workflows', async () => {
      const reader = await connectAs('agent-order-reader', ['orders:read'], 'http');
      const names = (await reader.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['orders_summary', 'orders_get']));
      expect(names).not.toContain('workflows_trigger');
      expect((await call('orders_get', { orderId: 'ord_0002' }, reader)).structuredContent).toMatchObject({ id: 'ord_0002' });
      await expect(
        call(
          'workflows_trigger',
          { workflow: 'resend_invoice', idempotencyKey: `r-${randomUUID()}`, params: { orderId: 'ord_0002' } },
          reader,
        ),
      ).rejects.toThrow(
        // Over HTTP the refusal is a 403 insufficient_scope challenge, which the SDK reports as such.
        /Insufficient scope: required "workflows:run"/,
      );
    });
  });

  describe('workflows_trigger', () => {
    const key = () => `key-${randomUUID()}`;

    it('starts a run, and a retry with the same key returns that run (created: false)', async () => {
      const args = { workflow: 'refund_order', idempotencyKey: key(), params: { orderId: 'ord_0001', reason: 'duplicate charge' } };
      const first = await call('workflows_trigger', args);
      expect(first.isError).toBeFalsy();
      const run = first.structuredContent as { runId: string; createdAt: string };
      expect(run).toEqual({
        runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        workflow: 'refund_order',
        status: 'queued',
        created: true,
        createdAt: expect.any(String),
      });
      const retry = await call('workflows_trigger', args);
      expect(retry.structuredContent).toEqual({ ...run, created: false });
      // From another connection and transport of the same agent, too.
      const sameAgentOverHttp = await connectAs('agent-orders', undefined, 'http');
      expect((await call('workflows_trigger', args, sameAgentOverHttp)).structuredContent).toEqual({ ...run, created: false });
    });

    it('never hands another agent’s run to a caller that reuses its key', async () => {
      const args = { workflow: 'resend_invoice', idempotencyKey: key(), params: { orderId: 'ord_0002' } };
      const mine = (await call('workflows_trigger', args)).structuredContent as { runId: string };
      const other = await connectAs('agent-intruder');
      const message = await refusal('workflows_trigger', args, other);
      expect(message).toBe('idempotencyKey is already used by another caller for resend_invoice; choose a new one');
      expect(message).not.toContain(mine.runId);
      // The same key on another workflow is a different request.
      const escalation = await call(
        'workflows_trigger',
        { ...args, workflow: 'refund_order', params: { orderId: 'ord_0002', reason: 'late delivery' } },
        other,
      );
      expect(escalation.structuredContent).toMatchObject({ workflow: 'refund_order', created: true });
    });

    it('refuses a reused key with different params instead of pretending the new request ran', async () => {
      const idempotencyKey = key();
      await call('workflows_trigger', { workflow: 'resend_invoice', idempotencyKey, params: { orderId: 'ord_0006' } });
      expect(await refusal('workflows_trigger', { workflow: 'resend_invoice', idempotencyKey, params: { orderId: 'ord_0007' } })).toMatch(
        /already used for resend_invoice with different params/,
      );
    });

    it('creates exactly one run for concurrent calls with the same key', async () => {
      const args = { workflow: 'refund_order', idempotencyKey: key(), params: { orderId: 'ord_0011', reason: 'contract ended' } };
      const results = await Promise.all(Array.from({ length: 6 }, () => call('workflows_trigger', args)));
      const runs = results.map((r) => r.structuredContent as { runId: string; created: boolean });
      expect(new Set(runs.map((r) => r.runId)).size).toBe(1);
      expect(runs.filter((r) => r.created)).toHaveLength(1);
    });

    it('refuses to refund an order that was not paid', async () => {
      expect(
        await refusal('workflows_trigger', {
          workflow: 'refund_order',
          idempotencyKey: key(),
          params: { orderId: 'ord_0005', reason: 'changed mind' },
        }),
      ).toBe('Order ord_0005 is pending, not paid: only paid or shipped orders can be refunded');
      expect(
        await refusal('workflows_trigger', {
          workflow: 'refund_order',
          idempotencyKey: key(),
          params: { orderId: 'ord_0004', reason: 'again' },
        }),
      ).toMatch(/ord_0004 is cancelled, not paid/);
      expect(
        await refusal('workflows_trigger', {
          workflow: 'refund_order',
          idempotencyKey: key(),
          params: { orderId: 'ord_9999', reason: 'ghost' },
        }),
      ).toBe('No order with id ord_9999');
    });

    it('escalates a ticket that tickets_create opened', async () => {
      const ticket = (
        await call('tickets_create', { customerId: 'cus_004', subject: 'Connector down', priority: 'high', idempotencyKey: key() })
      ).structuredContent as { id: string };
      const result = await call('workflows_trigger', {
        workflow: 'escalate_ticket',
        idempotencyKey: key(),
        params: { ticketId: ticket.id, reason: 'SLA breach' },
      });
      expect(result.structuredContent).toMatchObject({ workflow: 'escalate_ticket', status: 'queued', created: true });
      expect(
        await refusal('workflows_trigger', {
          workflow: 'escalate_ticket',
          idempotencyKey: key(),
          params: { ticketId: randomUUID(), reason: 'SLA breach' },
        }),
      ).toMatch(/^No ticket with id /);
    });

    it('names the wrong argument', async () => {
      const ok = { workflow: 'resend_invoice', idempotencyKey: key(), params: { orderId: 'ord_0001' } };
      expect(await refusal('workflows_trigger', { ...ok, idempotencyKey: undefined })).toMatch(
        /Invalid arguments for tool workflows_trigger: idempotencyKey/,
      );
      expect(await refusal('workflows_trigger', { ...ok, idempotencyKey: 'short' })).toMatch(
        /idempotencyKey: idempotencyKey must be longer than or equal to 8 characters/,
      );
      expect(await refusal('workflows_trigger', { ...ok, idempotencyKey: 'k'.repeat(101) })).toMatch(
        /idempotencyKey: idempotencyKey must be shorter than or equal to 100 characters/,
      );
      expect(await refusal('workflows_trigger', { ...ok, workflow: 'drop_database' })).toMatch(
        /workflow: workflow must be one of the following values/,
      );
      expect(await refusal('workflows_trigger', { ...ok, params: { orderId: '1; DROP TABLE orders' } })).toMatch(
        /params\.orderId: orderId must look like ord_0001/,
      );
      expect(await refusal('workflows_trigger', { ...ok, params: { orderId: 'ord_0001', amount: 5 } })).toMatch(/params\.amount/);
      expect(await refusal('workflows_trigger', { ...ok, params: undefined })).toMatch(/params: params is required/);
      expect(await refusal('workflows_trigger', { ...ok, params: 'ord_0001' })).toMatch(/params/);
      expect(await refusal('workflows_trigger', { ...ok, workflow: 'refund_order' })).toBe('refund_order needs params.reason');
      expect(await refusal('workflows_trigger', { ...ok, params: { ticketId: randomUUID() } })).toBe('resend_invoice needs params.orderId');
      expect(await refusal('workflows_trigger', { ...ok, params: { orderId: 'ord_0001', reason: 'because' } })).toBe(
        'resend_invoice does not take params.reason',
      );
    });
  });

  describe('analytics_query over the orders views', () => {
    it('reads analytics.orders and analytics.order_lines, and not workflow runs', async () => {
      const result = await call('analytics_query', {
        sql: "SELECT o.currency, sum(l.quantity * l.unit_price_cents) AS cents FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer_id = 'cus_001' AND o.status IN ('paid', 'shipped') GROUP BY o.currency ORDER BY o.currency",
      });
      expect(result.structuredContent).toMatchObject({
        columns: ['currency', 'cents'],
        rows: [
          ['EUR', '2100000'],
          ['USD', '200000'],
        ],
      });
      expect(await refusal('analytics_query', { sql: 'SELECT * FROM workflow_runs' })).toMatch(/workflow_runs/);
    });
  });

  describe('customers_search pagination', () => {
    it('walks every page with nextCursor, without duplicates or gaps', async () => {
      const all = (await call('customers_search', { limit: 50 })).structuredContent as {
        customers: Array<{ id: string }>;
        nextCursor?: string;
      };
      expect(all.nextCursor).toBeUndefined();
      expect(all.customers.length).toBeGreaterThanOrEqual(12);

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = (await call('customers_search', { limit: 5, ...(cursor && { cursor }) })).structuredContent as {
          customers: Array<{ id: string }>;
          nextCursor?: string;
        };
        expect(page.customers.length).toBeLessThanOrEqual(5);
        seen.push(...page.customers.map((c) => c.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(pages).toBe(Math.ceil(all.customers.length / 5));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(all.customers.map((c) => c.id));
    });

    it('paginates a filtered search and refuses a cursor it did not issue', async () => {
      const first = (await call('customers_search', { tier: 'enterprise', limit: 2 })).structuredContent as {
        customers: Array<{ id: string; tier: string }>;
        nextCursor: string;
      };
      expect(first.customers.map((c) => c.id)).toEqual(['cus_001', 'cus_004']);
      const second = (await call('customers_search', { tier: 'enterprise', limit: 2, cursor: first.nextCursor })).structuredContent as {
        customers: Array<{ id: string; tier: string }>;
        nextCursor?: string;
      };
      expect(second.customers.map((c) => c.id)).toEqual(['cus_007', 'cus_011']);
      expect(second.customers.every((c) => c.tier === 'enterprise')).toBe(true);
      expect(await refusal('customers_search', { cursor: Buffer.from('ord_0001').toString('base64url') })).toBe(
        'cursor is not one this tool issued',
      );
      expect(await refusal('customers_search', { limit: 500 })).toMatch(/limit: limit must not be greater than 50/);
    });
  });
});
