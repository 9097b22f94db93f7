import { Counter, Histogram, Registry } from 'prom-client';
import { HotCounter, HotHistogram } from './hot-metrics';

const BUCKETS = [0.001, 0.01, 0.1, 1];

/** The same observations through prom-client's own metrics and through ours: the scrape text must match. */
function exposition(kind: 'prom' | 'hot', events: Array<[string, string, number]>) {
  const registry = new Registry();
  const options = { registers: [registry] };
  const counter =
    kind === 'prom'
      ? new Counter({ name: 'x_total', help: 'x', labelNames: ['method', 'transport'] as const, ...options })
      : new HotCounter({ name: 'x_total', help: 'x', labelNames: ['method', 'transport'] as const, ...options });
  const histogram =
    kind === 'prom'
      ? new Histogram({ name: 'x_seconds', help: 'y', labelNames: ['method'] as const, buckets: BUCKETS, ...options })
      : new HotHistogram({ name: 'x_seconds', help: 'y', labelNames: ['method'] as const, buckets: BUCKETS, ...options });
  for (const [method, transport, seconds] of events) {
    counter.inc({ method, transport });
    histogram.observe({ method }, seconds);
  }
  return registry.metrics();
}

describe('hot metrics', () => {
  it('expose exactly what prom-client would for the same counts and observations', async () => {
    const events: Array<[string, string, number]> = [
      ['tools/call', 'websocket', 0.0004],
      ['tools/call', 'websocket', 0.001], // on a bucket bound: counted in it (le is inclusive)
      ['tools/call', 'http', 0.05],
      ['tools/list', 'websocket', 3],
      ['tools/call', 'websocket', 0.5],
    ];
    const hot = await exposition('hot', events);
    expect(hot).toBe(await exposition('prom', events));
    expect(hot).toContain('x_seconds_bucket{le="0.001",method="tools/call"} 2');
    expect(hot).toContain('x_total{method="tools/call",transport="websocket"} 3');
  });

  it('refuses a label the metric does not have', () => {
    const counter = new HotCounter({ name: 'y_total', help: 'y', labelNames: ['method'] as const, registers: [] });
    expect(() => counter.inc({ method: 'a', agent: 'x' } as never)).toThrow('metric y_total has no label "agent"');
  });
});
