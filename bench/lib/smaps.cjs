'use strict';
/**
 * Resident memory of this process by kind of mapping, from /proc/self/smaps (Linux):
 *   mallocHeap  — [heap] (brk): small native allocations (glibc malloc)
 *   anonLarge   — anonymous mappings of ≥ 1 GiB virtual size: WebAssembly memories and other big reservations
 *   anon        — other anonymous mappings: V8 heap pages, malloc's mmap'd arenas and large blocks, thread stacks
 *   file        — mapped files (the node binary, shared libraries)
 * Values in bytes.
 */
const fs = require('node:fs');

function smapsSummary() {
  const out = { mallocHeap: 0, anonLarge: 0, anon: 0, file: 0, other: 0 };
  let text;
  try {
    text = fs.readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return undefined;
  }
  let kind = 'other';
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (header) {
      const size = parseInt(header[2], 16) - parseInt(header[1], 16);
      const name = header[4].trim();
      if (name === '[heap]') kind = 'mallocHeap';
      else if (name === '' && size >= 2 ** 30) kind = 'anonLarge';
      else if (name === '' || name.startsWith('[anon')) kind = 'anon';
      else if (name.startsWith('/')) kind = 'file';
      else kind = 'other';
      continue;
    }
    if (line.startsWith('Rss:')) out[kind] += Number(line.split(/\s+/)[1]) * 1024;
  }
  return out;
}

module.exports = { smapsSummary };
