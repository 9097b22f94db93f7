import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { replicaToken, ServerProcess, withServerLogs } from '../support/server-process';
import { postMcp, RawSocket } from '../support/test-server';

/** One span as OTLP/HTTP JSON carries it (the subset this spec reads). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: number | string; boolValue?: boolean } }>;
  status?: { code?: number };
}
interface OtlpExport {
  resourceSpans: Array<{ resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
}

/** A minimal OTLP/HTTP collector on 127.0.0.1 that keeps what it is sent. */
class OtlpReceiver {
  readonly exports: OtlpExport[] = [];
  readonly contentTypes: string[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        this.contentTypes.push(req.headers['content-type'] ?? '');
        this.exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      } else res.writeHead(404).end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/traces`;
  }

  get spans(): OtlpSpan[] {
    return this.exports.flatMap((e) => e.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const attr = (span: OtlpSpan, key: string): unknown => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue !== undefined ? Number(value.intValue) : value?.boolValue);
};

const AGENT = 'agent-tracing-5d1e9b';
const SPAN_KIND_SERVER = 2;
const V = '2026-07-28';
// Three distinct remote parents: an HTTP request, a WebSocket upgrade, and one request's _meta.
const HTTP_PARENT = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
const UPGRADE_PARENT = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
const META_PARENT = { traceId: 'a3ce929d0e0e47364bf92f3577b34da6', spanId: '53995c3f42cd8ad8' };
const traceparent = (p: { traceId: string; spanId: string }) => `00-${p.traceId}-${p.spanId}-01`;

/**
 * Runs the real `node dist/main.js` rather than the in-process test server: the official OTLP
 * exporter loads `http` with a native `import()`, which Jest's CommonJS sandbox refuses
 * (opentelemetry-js#6035), so only a plain Node process exercises the export production does.
 */
describe('tracing (OTLP/HTTP export of W3C trace context)', () => {
  const receiver = new OtlpReceiver();
  let server: ServerProcess;

  beforeAll(async () => {
    const url = await receiver.listen();
    server = await ServerProcess.start({
      databaseUrl: process.env.DATABASE_URL!,
      name: 'tracing',
      env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url, OTEL_SERVICE_NAME: 'switchboard-e2e', LOG_LEVEL: 'info' },
    });
    await withServerLogs([server], () => exercise(server));
    // SIGTERM drains and flushes the batch: everything must have reached the receiver by exit.
    expect(await server.stop()).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await server?.kill();
    await receiver.close();
  });

  async function exercise(server: ServerProcess): Promise<void> {
    const token = await replicaToken(AGENT);

    // HTTP (2026-07-28, stateless): trace context in the request headers.
    const http = await postMcp(
      server.mcpUrl,
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'customers_get',
          arguments: { customerId: 'cus_001' },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': V,
            'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      },
      {
        Authorization: `Bearer ${token}`,
        'MCP-Protocol-Version': V,
        'Mcp-Method': 'tools/call',
        'Mcp-Name': 'customers_get',
        traceparent: traceparent(HTTP_PARENT),
        tracestate: 'vendor=1',
      },
    );
    expect(http.body.result.structuredContent).toMatchObject({ id: 'cus_001' });

    // WebSocket: the upgrade carries one trace context; a request's _meta.traceparent overrides it.
    const socket = await RawSocket.open(server.wsUrl, token, { traceparent: traceparent(UPGRADE_PARENT) });
    await socket.initialize();
    const viaMeta = await socket.request(2, 'tools/call', {
      name: 'customers_get',
      arguments: { customerId: 'cus_002' },
      _meta: { traceparent: traceparent(META_PARENT) },
    });
    expect(viaMeta.result.structuredContent).toMatchObject({ id: 'cus_002' });
    expect(viaMeta.result._meta).not.toHaveProperty('traceparent'); // results are unchanged
    const viaUpgrade = await socket.request(3, 'tools/call', { name: 'no_such_tool', arguments: {} });
    expect(viaUpgrade.error).toBeDefined();
    socket.close();
  }

  const requestSpan = (traceId: string) => {
    const spans = receiver.spans.filter((s) => s.traceId === traceId && s.kind === SPAN_KIND_SERVER);
    expect(spans).toHaveLength(1);
    return spans[0];
  };
  const descendsFrom = (span: OtlpSpan, ancestor: OtlpSpan): boolean => {
    const byId = new Map(receiver.spans.map((s) => [s.spanId, s]));
    for (let at: OtlpSpan | undefined = span; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) {
      if (at.parentSpanId === ancestor.spanId) return true;
    }
    return false;
  };

  it('exports OTLP/HTTP JSON under the configured service name', () => {
    expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
    const service = receiver.exports[0].resourceSpans[0].resource.attributes.find((a) => a.key === 'service.name');
    expect(service?.value.stringValue).toBe('switchboard-e2e');
  });

  it('continues the trace of an HTTP request’s traceparent header, with a child span per Prisma query', () => {
    const span = requestSpan(HTTP_PARENT.traceId);
    expect(span.parentSpanId).toBe(HTTP_PARENT.spanId);
    expect(span.name).toBe('mcp tools/call');
    expect(attr(span, 'rpc.system')).toBe('jsonrpc');
    expect(attr(span, 'rpc.method')).toBe('tools/call');
    expect(attr(span, 'mcp.tool')).toBe('customers_get');
    expect(attr(span, 'mcp.transport')).toBe('http');
    expect(attr(span, 'enduser.id')).toBe(AGENT);
    expect(attr(span, 'mcp.outcome')).toBe('ok');

    const queries = receiver.spans.filter((s) => s.traceId === HTTP_PARENT.traceId && s.name === 'prisma:client:db_query');
    expect(queries.length).toBeGreaterThanOrEqual(1);
    for (const query of queries) expect(descendsFrom(query, span)).toBe(true);
    expect(String(attr(queries[0], 'db.query.text'))).toMatch(/SELECT/i);
  });

  it('prefers a request’s _meta.traceparent over the WebSocket upgrade’s', () => {
    const span = requestSpan(META_PARENT.traceId);
    expect(span.parentSpanId).toBe(META_PARENT.spanId);
    expect(attr(span, 'mcp.transport')).toBe('websocket');
    expect(attr(span, 'mcp.tool')).toBe('customers_get');
    expect(typeof attr(span, 'mcp.session.id')).toBe('string');
    expect(
      receiver.spans.some((s) => s.traceId === META_PARENT.traceId && s.name === 'prisma:client:db_query' && descendsFrom(s, span)),
    ).toBe(true);
  });

  it('parents WebSocket requests without _meta on the upgrade’s trace context, recording errors', () => {
    const spans = receiver.spans.filter((s) => s.traceId === UPGRADE_PARENT.traceId && s.kind === SPAN_KIND_SERVER);
    // initialize and the failed tools/call; notifications get no span.
    expect(spans.map((s) => s.name).sort()).toEqual(['mcp initialize', 'mcp tools/call']);
    for (const span of spans) expect(span.parentSpanId).toBe(UPGRADE_PARENT.spanId);
    const failed = spans.find((s) => s.name === 'mcp tools/call')!;
    expect(attr(failed, 'mcp.outcome')).toBe('error');
    expect(typeof attr(failed, 'rpc.jsonrpc.error_code')).toBe('number');
    expect(failed.status?.code).toBe(2); // ERROR
  });

  it('puts the trace id in the request log line', () => {
    const line = server
      .logs()
      .split('\n')
      .find((l) => l.includes(`"traceId":"${HTTP_PARENT.traceId}"`));
    expect(line && JSON.parse(line)).toMatchObject({ msg: 'request', method: 'tools/call', transport: 'http' });
  });

  it('keeps agent ids out of span names', () => {
    expect(receiver.spans.length).toBeGreaterThan(0);
    for (const span of receiver.spans) expect(span.name).not.toContain(AGENT);
  });
});
