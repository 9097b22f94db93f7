import { setFlagsFromString } from 'node:v8';

// V8's own test helper %HaveSameMap, compiled after the flag is set (the flag only affects
// functions parsed later). Lets a spec check that objects built on a hot path share one hidden
// class instead of getting a new one per call.
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many times the hidden class changes between consecutive objects `make` returns. */
export function hiddenClassChanges(make: (i: number) => object, count = 2_000): number {
  let changes = 0;
  let previous = make(0);
  for (let i = 1; i < count; i++) {
    const next = make(i);
    if (!haveSameMap(previous, next)) changes++;
    previous = next;
  }
  return changes;
}
