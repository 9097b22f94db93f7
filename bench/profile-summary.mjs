#!/usr/bin/env node
/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof` or the inspector's Profiler domain):
 * self time aggregated by function + script, and by package / area.
 *
 *   node bench/profile-summary.mjs <file.cpuprofile> [--top 25]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a script lives: `pkg:<npm package>`, `switchboard:<dist subdir>`, `node:<internal>` or a V8 pseudo-node. */
export function areaOf(url, functionName) {
  if (!url) {
    if (/^\((garbage collector|program|idle|root)\)$/.test(functionName)) return functionName;
    return '(native)';
  }
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return `pkg:${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const dist = path.lastIndexOf('/dist/');
  if (dist >= 0) {
    const parts = path.slice(dist + '/dist/'.length).split('/');
    return `switchboard:${parts.length > 1 ? parts[0] : parts[0].replace(/\.js$/, '')}`;
  }
  if (path.includes('/bench/')) return 'bench';
  if (path.startsWith('node:')) return `node:${path.slice(5).split('/')[0]}`;
  return path;
}

function shortUrl(url) {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  const dist = path.lastIndexOf('/dist/');
  if (dist >= 0) return `dist/${path.slice(dist + '/dist/'.length)}`;
  return path;
}

export function summarizeProfile(profile, { top = 25 } = {}) {
  const totalUs = profile.endTime - profile.startTime;
  const sampleCount = profile.samples?.length ?? profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  // Self time per node from the sample stream (timeDeltas[i+1] belongs to samples[i]).
  const selfUs = new Map();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const dt = profile.timeDeltas[i + 1] ?? 0;
      selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(dt, 0));
    }
  } else {
    const per = totalUs / Math.max(sampleCount, 1);
    for (const n of profile.nodes) selfUs.set(n.id, (n.hitCount ?? 0) * per);
  }
  // Attribute every sample to the nearest Switchboard (dist/) frame on its stack: which of our
  // functions the time is spent under, framework and library code included.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const ownerMemo = new Map();
  const ownerOf = (id) => {
    if (ownerMemo.has(id)) return ownerMemo.get(id);
    const n = nodeById.get(id);
    let owner;
    if (!n) owner = '(no Switchboard frame)';
    else if (/\/dist\//.test(n.callFrame.url) && !/node_modules/.test(n.callFrame.url)) {
      owner = `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    } else owner = parent.has(id) ? ownerOf(parent.get(id)) : '(no Switchboard frame)';
    ownerMemo.set(id, owner);
    return owner;
  };
  const byOwner = new Map();
  const byFunction = new Map();
  const byArea = new Map();
  let idleUs = 0;
  let busyUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    if (name === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const key = `${name} ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    if (!/^\((garbage collector|program)\)$/.test(name)) {
      const owner = ownerOf(node.id);
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    }
    const area = areaOf(url, name);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const rank = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, pctOfBusy: Math.round((us / Math.max(busyUs, 1)) * 1000) / 10 }));
  return {
    wallMs: Math.round(totalUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    samples: sampleCount,
    topFunctions: rank(byFunction),
    topAreas: rank(byArea),
    topSwitchboardCallers: rank(byOwner),
  };
}

export function formatSummary(title, s, { top = 15 } = {}) {
  const lines = [`${title}: ${s.busyMs} ms busy of ${s.wallMs} ms (${s.samples} samples, idle ${s.idleMs} ms)`];
  lines.push('  by area (self time, % of busy):');
  for (const a of s.topAreas.slice(0, 10)) lines.push(`    ${String(a.pctOfBusy).padStart(5)}%  ${a.name}`);
  lines.push('  under which Switchboard function (self time of everything below its nearest dist/ frame):');
  for (const f of (s.topSwitchboardCallers ?? []).slice(0, 10)) lines.push(`    ${String(f.pctOfBusy).padStart(5)}%  ${f.name}`);
  lines.push('  top functions (self time, % of busy):');
  for (const f of s.topFunctions.slice(0, top)) lines.push(`    ${String(f.pctOfBusy).padStart(5)}%  ${f.name}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node bench/profile-summary.mjs <file.cpuprofile> [--top N]\n');
    process.exit(2);
  }
  const topIdx = process.argv.indexOf('--top');
  const top = topIdx > 0 ? Number(process.argv[topIdx + 1]) : 25;
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), { top });
  process.stdout.write(`${formatSummary(file, summary, { top })}\n`);
}
