/**
 * Where a JSON value holds text that PostgreSQL's `jsonb` cannot store: U+0000, or half of a
 * UTF-16 surrogate pair without the other half, in a key or a string. Returns where and what
 * (e.g. `patch.notes[2]: contains U+0000, which PostgreSQL cannot store`), or undefined when
 * all of it can be stored. Walks with its own stack, so deep nesting cannot overflow the call stack.
 */
export function unstorableInJsonb(value: unknown, root: string): string | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return `${path}: ${problem}`;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}[${i}]`]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const problem = textProblem(key);
        if (problem) return `${path}: key ${JSON.stringify(key)} ${problem}`;
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains U+0000, which PostgreSQL cannot store';
  if (!text.isWellFormed()) return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
  return undefined;
}
