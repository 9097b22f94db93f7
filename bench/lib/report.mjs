/**
 * Output of a run: the console table, the targets with PASS/MISS, and an SVG chart drawn by hand.
 */

const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const fmtMs = (n) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '—');
const fmtPct = (n) => (Number.isFinite(n) ? `${Math.round(n)}%` : '—');
const fmtRatio = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

export function formatTable(results) {
  const lines = [];
  const m = results.machine;
  lines.push(`Switchboard benchmark — ${results.startedAt}`);
  lines.push(`machine: ${m.cpuModel} × ${m.cpus} CPUs, ${m.memGiB} GiB, ${m.os}, Node ${m.node}`);
  lines.push(`code: ${results.build}`);
  lines.push(`placement: ${results.placement}`);
  const st = results.settings;
  lines.push(`method: closed loop, one connection per agent, one request in flight; per row ${st.warmupMs} ms warm-up, then ${st.durationMs} ms measured`);
  lines.push(`  in ${st.rounds} rounds interleaved with the other rows of its group (A B, B A, …), so the machine's other load hits them alike`);
  lines.push('CPU columns: % of one CPU during the measured window; µs/req: server CPU time per answered request (robust to noise);');
  lines.push('  "other": everything else running on the machine at the time (noise; the ratios are taken back to back to limit its effect)');
  lines.push('');
  const header = `${pad('scenario', 44)}${lpad('agents', 7)}${lpad('calls/s', 10)}${lpad('p50 ms', 9)}${lpad('p99 ms', 9)}${lpad('errors', 8)}${lpad('srv CPU', 9)}${lpad('µs/req', 8)}${lpad('cli CPU', 9)}${lpad('pg CPU', 8)}${lpad('other', 7)}   ratio`;
  lines.push(header);
  lines.push('-'.repeat(header.length + 24));
  let group;
  for (const r of results.scenarios) {
    if (r.group !== group) {
      if (group) lines.push('');
      group = r.group;
    }
    const ratio = r.ratios?.length ? r.ratios.map((x) => `${fmtRatio(x.value)} ${x.of}`).join(', ') : '';
    lines.push(
      `${pad(`${r.group} · ${r.system}`, 44)}${lpad(r.agents, 7)}${lpad(fmtInt(r.throughput), 10)}${lpad(fmtMs(r.p50), 9)}${lpad(fmtMs(r.p99), 9)}` +
        `${lpad(r.errors + (r.stuck ? `+${r.stuck}` : ''), 8)}${lpad(fmtPct(r.serverCpuPct), 9)}${lpad(r.serverUsPerRequest === undefined ? '—' : fmtInt(r.serverUsPerRequest), 8)}${lpad(fmtPct(r.clientCpuPct), 9)}${lpad(r.pgCpuPct === undefined ? '' : fmtPct(r.pgCpuPct), 8)}${lpad(fmtPct(r.otherCpuPct), 7)}   ${ratio}`,
    );
    if (r.clientCpuPct >= 90) lines.push(`${' '.repeat(6)}↳ the load generator was ≥ 90% busy here: this figure may be limited by the client, not the server`);
    if (r.clientFaultsPerRequest >= 1) {
      lines.push(`${' '.repeat(6)}↳ the load generator took ${r.clientFaultsPerRequest.toFixed(1)} page faults per answer (its allocator gave memory back and took it again): it was slowed`);
    }
    if (r.clientRunQueueWaitPct >= 10) {
      lines.push(`${' '.repeat(6)}↳ the load generator waited for its CPU ${r.clientRunQueueWaitPct.toFixed(0)}% of the time (runnable, not running): it was slowed, so the server was offered less load`);
      const c = r.clientCpu === undefined ? undefined : r.cpus?.[r.clientCpu];
      if (c) {
        const busy = c.user + c.nice + c.system + c.irq + c.softirq;
        lines.push(`${' '.repeat(6)}  its CPU ${r.clientCpu}: busy ${busy.toFixed(0)}% (softirq ${c.softirq.toFixed(0)}%), idle ${(c.idle + c.iowait).toFixed(0)}%, stolen by the host ${c.steal.toFixed(0)}%`);
      }
    }
    if (r.gc && r.group.startsWith('WS')) {
      const g = r.gc;
      lines.push(
        `${' '.repeat(6)}↳ server GC: ${g.pausesPer1kRequests.toFixed(2)} pauses per 1,000 requests, mean ${g.meanPauseMs.toFixed(2)} ms, longest ${g.longestPauseMs.toFixed(1)} ms (${g.majorPauses} full)`,
      );
    }
    if (r.dbWork) {
      const parts = Object.entries(r.dbWork.perRequest).map(([t, v]) => `${t} +${v}`);
      lines.push(`${' '.repeat(6)}↳ rows written per request: ${parts.length ? parts.join(', ') : 'none'}`);
    }
  }
  if (results.memory?.length) {
    lines.push('');
    lines.push(`${pad('idle WebSocket sessions (memory after forced GC)', 52)}${lpad('conns', 7)}${lpad('errors', 8)}${lpad('RSS/conn', 11)}${lpad('heap/conn', 11)}${lpad('ext/conn', 10)}`);
    lines.push('-'.repeat(99));
    for (const mrow of results.memory) {
      for (const step of mrow.steps) {
        lines.push(
          `${pad(`memory · ${mrow.system}`, 52)}${lpad(step.connections, 7)}${lpad(step.errors, 8)}${lpad(`${step.rssPerConnKiB.toFixed(1)} KiB`, 11)}${lpad(`${step.heapPerConnKiB.toFixed(1)} KiB`, 11)}${lpad(`${step.externalPerConnKiB.toFixed(1)} KiB`, 10)}` +
            (step.note ? `   ${step.note}` : ''),
        );
        if (step.serverErrors?.length) lines.push(`${' '.repeat(6)}↳ server log: ${step.serverErrors[0].slice(0, 300)}`);
        if (step.rssByMappingPerConnKiB) {
          const b = step.rssByMappingPerConnKiB;
          lines.push(`${' '.repeat(6)}↳ RSS growth per conn by mapping: V8 heap committed ${step.heapTotalPerConnKiB.toFixed(1)} KiB (of anon ${b.anon}), malloc [heap] ${b.mallocHeap}, ≥1 GiB reservations (wasm) ${b.anonLarge}, files ${b.file} KiB`);
        }
      }
    }
  }
  lines.push('');
  lines.push('targets (issue 7), as ratios measured in this run:');
  for (const t of results.targets) {
    lines.push(`  ${t.pass === undefined ? 'n/a ' : t.pass ? 'PASS' : 'MISS'}  ${pad(t.name, 62)} ${t.display}  (need ${t.need})`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------- SVG

const clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const COLORS = {
  Switchboard: '#2563eb',
  'bare ws echo': '#9ca3af',
  'bare http echo': '#9ca3af',
  'bare pg insert': '#9ca3af',
  'SDK v2 stateful': '#f59e0b',
  'SDK v2 createMcpHandler': '#fbbf24',
  'Switchboard (5 tools)': '#2563eb',
  'Switchboard (100 tools)': '#1e40af',
};

/** Grouped horizontal bars (calls/s) for every scenario group, and a targets panel. */
export function renderSvg(results) {
  const W = 980;
  const left = 250;
  const barH = 14;
  const gap = 3;
  const rows = [];
  const groups = [];
  for (const r of results.scenarios) {
    const key = `${r.group} @${r.agents}`;
    let g = groups.find((x) => x.key === key);
    if (!g) groups.push((g = { key, rows: [] }));
    g.rows.push(r);
  }
  let y = 98;
  const items = [];
  for (const g of groups) {
    items.push({ type: 'label', y, text: g.key });
    y += 18;
    for (const r of g.rows) {
      items.push({ type: 'bar', y, r });
      y += barH + gap;
    }
    y += 8;
  }
  const chartBottom = y;
  const maxByGroup = new Map();
  for (const g of groups) maxByGroup.set(g.key, Math.max(...g.rows.map((r) => r.throughput || 0), 1));
  const globalMax = Math.max(...results.scenarios.map((r) => r.throughput || 0), 1);
  const scale = (v) => ((W - left - 270) * v) / globalMax;

  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="__H__" viewBox="0 0 ${W} __H__" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="20" y="28" font-size="18" font-weight="600">Switchboard benchmark: throughput (calls/s, closed loop)</text>`);
  out.push(`<text x="20" y="48" fill="#555">${esc(`${results.machine.cpuModel} × ${results.machine.cpus}, Node ${results.machine.node} · ${results.placement} · ${results.startedAt}`)}</text>`);
  out.push(`<text x="20" y="64" fill="#555">${esc(clip(`code: ${results.build ?? 'unknown'}`, 150))}</text>`);
  out.push(`<text x="20" y="80" fill="#555">${esc(`closed loop, one connection per agent, one request in flight · ${results.settings.durationMs} ms measured per row in ${results.settings.rounds} interleaved rounds`)}</text>`);
  for (const it of items) {
    if (it.type === 'label') {
      out.push(`<text x="20" y="${it.y + 12}" font-weight="600">${esc(it.text)}</text>`);
      continue;
    }
    const r = it.r;
    const w = Math.max(1, scale(r.throughput || 0));
    const color = COLORS[r.system] ?? '#6b7280';
    out.push(`<text x="${left - 8}" y="${it.y + barH - 3}" text-anchor="end" fill="#333">${esc(r.system)}</text>`);
    out.push(`<rect x="${left}" y="${it.y}" width="${w.toFixed(1)}" height="${barH}" fill="${color}" rx="2"/>`);
    const ratio = r.ratios?.[0] ? ` (${r.ratios[0].value.toFixed(2)}× ${r.ratios[0].of})` : '';
    out.push(`<text x="${left + w + 6}" y="${it.y + barH - 3}" fill="#111">${esc(`${fmtInt(r.throughput)}/s · p99 ${fmtMs(r.p99)} ms${ratio}`)}</text>`);
  }
  // targets panel
  let ty = chartBottom + 20;
  out.push(`<text x="20" y="${ty}" font-size="15" font-weight="600">Targets (issue 7), measured as ratios in this run</text>`);
  ty += 14;
  for (const t of results.targets) {
    const color = t.pass === undefined ? '#6b7280' : t.pass ? '#16a34a' : '#dc2626';
    out.push(`<rect x="20" y="${ty}" width="44" height="16" rx="3" fill="${color}"/>`);
    out.push(`<text x="42" y="${ty + 12}" text-anchor="middle" fill="#fff" font-weight="600" font-size="11">${t.pass === undefined ? 'n/a' : t.pass ? 'PASS' : 'MISS'}</text>`);
    out.push(`<text x="74" y="${ty + 12}">${esc(clip(`${t.name}: ${t.display} (need ${t.need})`, 140))}</text>`);
    ty += 22;
  }
  if (results.memory?.length) {
    ty += 6;
    out.push(`<text x="20" y="${ty + 10}" font-size="15" font-weight="600">Memory per idle authenticated WebSocket session (marginal, after forced GC)</text>`);
    ty += 20;
    const bars = [];
    for (const mrow of results.memory) {
      const s0 = mrow.steps[0];
      if (!s0) continue;
      const big = mrow.steps[1] && Number.isFinite(mrow.steps[1].rssPerConnKiB) ? mrow.steps[1] : s0;
      bars.push([`${mrow.system} · heap+external`, s0.heapPerConnKiB + s0.externalPerConnKiB, mrow.system]);
      bars.push([`${mrow.system} · RSS (${big === s0 ? `@${s0.connections}` : `slope to ${big.connections}`})`, big.rssPerConnKiB, mrow.system]);
    }
    const memMax = Math.max(...bars.map((b) => b[1]).filter(Number.isFinite), 24, 1);
    const ms = (v) => ((W - left - 200) * Math.max(v, 0)) / memMax;
    const top = ty;
    for (const [label, v, system] of bars) {
      const w = Math.max(1, ms(v));
      out.push(`<text x="${left - 8}" y="${ty + barH - 3}" text-anchor="end">${esc(label)}</text>`);
      out.push(`<rect x="${left}" y="${ty}" width="${w.toFixed(1)}" height="${barH}" fill="${system === 'Switchboard' ? '#2563eb' : '#9ca3af'}" rx="2"/>`);
      out.push(`<text x="${left + w + 6}" y="${ty + barH - 3}">${Number.isFinite(v) ? `${v.toFixed(1)} KiB` : 'n/a'}</text>`);
      ty += barH + gap;
    }
    const x24 = left + ms(24);
    out.push(`<line x1="${x24}" y1="${top - 2}" x2="${x24}" y2="${ty}" stroke="#dc2626" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${x24 + 4}" y="${ty + 12}" fill="#dc2626" font-size="11">target 24 KiB</text>`);
    ty += 20;
  }
  const H = ty + 20;
  return out.join('\n').replace(/__H__/g, String(H)) + '\n</svg>\n';
}
