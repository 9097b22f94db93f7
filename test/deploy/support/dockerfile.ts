/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  /** The image or earlier stage it starts FROM, after ARG substitution. */
  base: string;
  name?: string;
  instructions: Instruction[];
}

/**
 * A small Dockerfile reader: comments and parser directives dropped, `\` continuations joined,
 * global ARG defaults substituted into FROM, instructions grouped by stage.
 */
export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    // Docker drops comment and blank lines, also inside a continuation.
    if (trimmed.startsWith('#') || trimmed === '') return;
    const continues = /\\$/.test(trimmed);
    const part = continues ? trimmed.slice(0, -1) : trimmed;
    pending = pending ? { text: `${pending.text} ${part}`, line: pending.line } : { text: part, line: i + 1 };
    if (continues) return;
    const match = /^(\S+)\s*(.*)$/.exec(pending.text.trim());
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: pending.line });
    pending = undefined;
  });

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const [image, as, name] = ins.args.replace(/^--platform=\S+\s+/, '').split(/\s+/);
      const base = image.replace(/\$\{?(\w+)\}?/g, (_, arg: string) => globalArgs[arg] ?? '');
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new Error(`line ${ins.line}: only ARG may come before the first FROM`);
      const [arg, value = ''] = ins.args.split('=');
      globalArgs[arg] = value.replace(/^["']|["']$/g, '');
    } else {
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  return stages;
}

/** The JSON (exec) form of CMD/ENTRYPOINT/RUN, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
}

/** `ENV A=1 B=2` (and the legacy `ENV A 1`) as a map. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    if (!ins.args.includes('=')) {
      const [key, ...value] = ins.args.split(/\s+/);
      env[key] = value.join(' ');
      continue;
    }
    for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|'[^']*'|\S+)/g)) env[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
  return env;
}
