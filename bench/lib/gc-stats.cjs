'use strict';
/**
 * Garbage-collection pauses of this process since it started, from V8's `gc` performance
 * entries: a benchmark server answers the `gc` IPC command with these totals, and the bench
 * takes the difference over each measured window.
 */
const { PerformanceObserver, constants } = require('node:perf_hooks');

function startGcStats() {
  const totals = { minor: 0, minorMs: 0, major: 0, majorMs: 0, maxMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = entry.detail ? entry.detail.kind : entry.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        totals.minor++;
        totals.minorMs += entry.duration;
      } else {
        totals.major++;
        totals.majorMs += entry.duration;
      }
      if (entry.duration > totals.maxMs) totals.maxMs = entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    /** Totals so far; `maxMs` is the longest pause since the previous snapshot. */
    snapshot() {
      const copy = { ...totals };
      totals.maxMs = 0;
      return copy;
    },
  };
}

module.exports = { startGcStats };
