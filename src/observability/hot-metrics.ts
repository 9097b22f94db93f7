import type { Registry } from 'prom-client';

/**
 * Counters and histograms for the request path, exposed through a prom-client Registry.
 *
 * prom-client validates and hashes the label object on every `inc`/`observe` (about a
 * microsecond each, four per tool call). These keep one child per label set, found by the
 * label values joined, and do plain arithmetic per event; the exposition is built only when
 * /metrics is scraped, in the shape prom-client's own metrics produce (`hot-metrics.spec.ts`
 * compares the text of both). Labels must come from bounded sets, as for any metric.
 */

type Labels<L extends string> = Record<L, string>;

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

interface MetricOptions<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  registers: Registry[];
}

abstract class HotMetric<L extends string, C extends { labels: Labels<L> }> {
  readonly name: string;
  readonly help: string;
  readonly aggregator = 'sum';
  abstract readonly type: 'counter' | 'histogram';
  /** Every child, for the exposition. */
  protected readonly children: C[] = [];
  /** One level per label, keyed by that label's value: no string is built per event. */
  private root = new Map<string, unknown>();
  private readonly labelNames: readonly L[];

  constructor(options: MetricOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    for (const registry of options.registers) registry.registerMetric(this as never);
  }

  protected child(labels: Labels<L>): C {
    const names = this.labelNames;
    let level = this.root;
    for (let i = 0; i < names.length - 1; i++) {
      let next = level.get(labels[names[i]]) as Map<string, unknown> | undefined;
      if (!next) level.set(labels[names[i]], (next = new Map()));
      level = next;
    }
    const last = labels[names[names.length - 1]];
    const found = level.get(last) as C | undefined;
    if (found) return found;
    for (const name of Object.keys(labels)) {
      if (!names.includes(name as L)) throw new Error(`metric ${this.name} has no label "${name}"`);
    }
    const child = this.create({ ...labels });
    level.set(last, child);
    this.children.push(child);
    return child;
  }

  protected abstract create(labels: Labels<L>): C;
  protected abstract values(): MetricValue[];

  /** What prom-client's Registry reads at scrape time. */
  get(): { name: string; help: string; type: string; values: MetricValue[]; aggregator: string } {
    return { name: this.name, help: this.help, type: this.type, values: this.values(), aggregator: this.aggregator };
  }

  reset(): void {
    this.children.length = 0;
    this.root = new Map();
  }
}

interface CounterChild<L extends string> {
  labels: Labels<L>;
  value: number;
}

export class HotCounter<L extends string> extends HotMetric<L, CounterChild<L>> {
  readonly type = 'counter';

  inc(labels: Labels<L>, by = 1): void {
    this.child(labels).value += by;
  }

  protected create(labels: Labels<L>): CounterChild<L> {
    return { labels, value: 0 };
  }

  protected values(): MetricValue[] {
    return this.children.map((c) => ({ labels: c.labels, value: c.value }));
  }
}

interface HistogramChild<L extends string> {
  labels: Labels<L>;
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export class HotHistogram<L extends string> extends HotMetric<L, HistogramChild<L>> {
  readonly type = 'histogram';
  private readonly buckets: readonly number[];

  constructor(options: MetricOptions<L> & { buckets: readonly number[] }) {
    super(options);
    this.buckets = [...options.buckets].sort((a, b) => a - b);
  }

  observe(labels: Labels<L>, value: number): void {
    const child = this.child(labels);
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]) i++;
    child.counts[i]++;
    child.sum += value;
    child.count++;
  }

  protected create(labels: Labels<L>): HistogramChild<L> {
    return { labels, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
  }

  protected values(): MetricValue[] {
    const out: MetricValue[] = [];
    for (const child of this.children) {
      let cumulative = 0;
      for (let i = 0; i <= this.buckets.length; i++) {
        cumulative += child.counts[i];
        const le = i < this.buckets.length ? this.buckets[i] : '+Inf';
        out.push({ labels: { le, ...child.labels }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      out.push({ labels: child.labels, value: child.sum, metricName: `${this.name}_sum` });
      out.push({ labels: child.labels, value: child.count, metricName: `${this.name}_count` });
    }
    return out;
  }
}
