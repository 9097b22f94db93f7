import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MetricsService } from '../../src/observability/metrics.service';

/**
 * The dashboard and the alert rules name metrics by string; this keeps them honest: every
 * app metric a PromQL expression references must exist in the app's registry, so renaming
 * a metric without updating ops/ fails here.
 */
const ROOT = join(__dirname, '..', '..');
const dashboard = JSON.parse(readFileSync(join(ROOT, 'ops/grafana/switchboard-dashboard.json'), 'utf8'));
const rules = parse(readFileSync(join(ROOT, 'ops/prometheus/alerts.yaml'), 'utf8'));
const operations = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string }>;
}
interface Rule {
  alert: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const panels: Panel[] = dashboard.panels;
const alertRules: Rule[] = rules.spec.groups.flatMap((g: { rules: Rule[] }) => g.rules);
const expressions: Array<{ where: string; expr: string }> = [
  ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
  ...alertRules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
  ...dashboard.templating.list
    .filter((v: { type: string }) => v.type === 'query')
    .map((v: { name: string; definition: string }) => ({ where: `variable ${v.name}`, expr: v.definition })),
];

const APP_METRIC = /\b(?:mcp|switchboard|nodejs|process)_[a-zA-Z0-9_]+/g;
const HISTOGRAM_SUFFIX = /_(?:bucket|sum|count)$/;

describe('ops/ dashboards and alerts', () => {
  const registered = new Set(new MetricsService().names());
  const exists = (name: string) =>
    registered.has(name) || (HISTOGRAM_SUFFIX.test(name) && registered.has(name.replace(HISTOGRAM_SUFFIX, '')));

  it('reference only metrics the app registers', () => {
    const referenced = expressions.flatMap(({ where, expr }) => (expr.match(APP_METRIC) ?? []).map((name) => ({ where, name })));
    expect(referenced.length).toBeGreaterThan(20);
    expect(referenced.filter(({ name }) => !exists(name))).toEqual([]);
  });

  it('cover the metrics operators look at', () => {
    const text = expressions.map((e) => e.expr).join('\n');
    for (const name of [
      'mcp_requests_total',
      'mcp_errors_total',
      'mcp_request_duration_seconds_bucket',
      'mcp_tool_calls_total',
      'mcp_tool_call_duration_seconds_bucket',
      'mcp_open_connections',
      'mcp_active_sessions',
      'mcp_sessions_opened_total',
      'mcp_context_updates_total',
      'mcp_rate_limited_total',
      'switchboard_db_pool_connections',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('the dashboard has unique panel ids and a query on every non-row panel', () => {
    const ids = dashboard.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(panels.filter((p) => p.type !== 'row' && !p.targets?.length).map((p) => p.title)).toEqual([]);
  });

  it('the alert rules are a valid PrometheusRule with severity, summary and a documented runbook', () => {
    expect(() => new PrometheusRule(rules).validate()).not.toThrow();
    for (const rule of alertRules) {
      expect({ alert: rule.alert, severity: rule.labels?.severity }).toEqual({
        alert: rule.alert,
        severity: expect.stringMatching(/^(critical|warning)$/),
      });
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.runbook_url).toContain(`#${rule.alert.toLowerCase()}`);
      expect(operations).toContain(`### ${rule.alert}`);
    }
  });

  it('alert on error rate, latency, readiness flapping, event-loop lag, pool saturation and lost audit rows', () => {
    const byExpr = (pattern: RegExp) => alertRules.filter((r) => pattern.test(r.expr)).length;
    expect(byExpr(/mcp_errors_total|outcome="error"/)).toBeGreaterThan(0);
    expect(byExpr(/histogram_quantile\(0\.99/)).toBeGreaterThan(0);
    expect(byExpr(/kube_pod_status_ready/)).toBeGreaterThan(0);
    expect(byExpr(/\bup\{/)).toBeGreaterThan(0);
    expect(byExpr(/nodejs_eventloop_lag/)).toBeGreaterThan(0);
    expect(byExpr(/switchboard_db_pool_waiting_clients/)).toBeGreaterThan(0);
    expect(byExpr(/switchboard_audit_rows_not_stored_total/)).toBeGreaterThan(0);
  });
});
