import type { Client } from '@modelcontextprotocol/client';
import type { SwitchboardConnection } from '../client/switchboard-client';
import type { OptionSpecs, ParsedArgs } from './args';
import { ExitCode } from './exit-codes';
import type { Output } from './output';

/** What a command gets to work with; everything from outside arrives here. */
export interface CommandContext {
  /** Options and the positionals after the command words. */
  args: ParsedArgs;
  env: NodeJS.ProcessEnv;
  out: Output;
  /** Opens the connection described by --url/--token/--transport/--session (or their env). */
  connect(): Promise<SwitchboardConnection>;
}

export interface CommandDefinition {
  /** The command words, e.g. `['tools', 'call']`. */
  path: readonly string[];
  /** Positional placeholders after the command words, e.g. `['<name>']`. */
  positionals?: readonly string[];
  summary: string;
  /** Longer help text shown by `--help`. */
  details?: string;
  options: OptionSpecs;
  run(context: CommandContext): Promise<ExitCode>;
}

/** Connects, runs `work`, and always closes the connection again. */
export async function withConnection(
  context: Pick<CommandContext, 'connect'>,
  work: (client: Client) => Promise<ExitCode | void>,
): Promise<ExitCode> {
  const connection = await context.connect();
  try {
    return (await work(connection.client)) ?? ExitCode.Ok;
  } finally {
    await connection.close();
  }
}
