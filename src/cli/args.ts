import { parseArgs } from 'node:util';
import { UsageError } from './exit-codes';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in help as `--name <valueName>`. */
  valueName?: string;
  description: string;
}
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/** Options every command understands. */
export const GLOBAL_OPTIONS: OptionSpecs = {
  url: { type: 'string', valueName: 'url', description: 'server endpoint (env SWITCHBOARD_URL, default http://127.0.0.1:3000/mcp)' },
  token: { type: 'string', valueName: 'jwt', description: 'bearer token (env SWITCHBOARD_TOKEN)' },
  transport: { type: 'string', valueName: 'http|ws', description: 'transport to use (default http)' },
  session: { type: 'string', valueName: 'id', description: 'resume an existing session (Mcp-Session-Id)' },
  json: { type: 'boolean', description: 'print machine-readable JSON instead of tables' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

/** Parses strictly against the given options; anything unknown or malformed is a {@link UsageError}. */
export function parseCommandLine(argv: readonly string[], options: OptionSpecs, strict = true): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: toParseArgsOptions(options),
      allowPositionals: true,
      strict,
    });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

function toParseArgsOptions(options: OptionSpecs) {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(options)) {
    config[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  return config;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A whole number option, e.g. `--limit 20`; absent → undefined. */
export function integerOption(values: OptionValues, name: string, min = 0): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} must be ${min} or more, got ${text}`);
  return value;
}

/** A JSON option such as `--args '{"id":1}'`; must parse to an object. */
export function jsonObjectOption(values: OptionValues, name: string): Record<string, unknown> | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${name} is not valid JSON (${(error as Error).message}): ${text}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--${name} must be a JSON object, e.g. '{"key":"value"}'`);
  }
  return value as Record<string, unknown>;
}
