import { SdkHttpError, UnauthorizedError } from '@modelcontextprotocol/client';
import {
  connectSwitchboard,
  resolveEndpoint,
  type ConnectSwitchboardOptions,
  type SwitchboardConnection,
} from '../client/switchboard-client';
import { WebSocketUpgradeError } from '../client/websocket-upgrade-error';
import { GLOBAL_OPTIONS, parseCommandLine, type OptionSpecs, type OptionValues } from './args';
import type { CommandDefinition } from './command';
import { resolveConnectionSettings } from './connection-settings';
import { ConnectionFailedError, describeError, ExitCode, exitCodeFor, UsageError } from './exit-codes';
import { renderCommandHelp, renderGroup, renderOverview } from './help';
import { Output, type TextSink } from './output';

export const CLI_CLIENT_INFO = { name: 'switchboard-cli', version: '0.1.0' };

export interface CliEnvironment {
  env: NodeJS.ProcessEnv;
  stdout: TextSink;
  stderr: TextSink;
  /** Replaceable in tests. */
  connect?: (options: ConnectSwitchboardOptions) => Promise<SwitchboardConnection>;
}

/** Runs one command line (without `node` and the script) and returns the exit status. */
export async function runCli(argv: readonly string[], io: CliEnvironment, commands: readonly CommandDefinition[]): Promise<ExitCode> {
  const out = new Output(io.stdout, io.stderr, argv.includes('--json'));
  let command: CommandDefinition | undefined;
  try {
    // A lenient first pass that knows every option, only to find the command words.
    const words = parseCommandLine(argv, allOptions(commands), false).positionals;
    const helpWanted = words[0] === 'help' || argv.includes('--help') || argv.includes('-h');
    const path = words[0] === 'help' ? words.slice(1) : words;
    command = findCommand(commands, path);
    if (!command) return showHelpInstead(out, commands, path, helpWanted);

    const commandArgv = words[0] === 'help' ? withoutFirst(argv, 'help') : argv;
    const { values, positionals } = parseCommandLine(commandArgv, { ...GLOBAL_OPTIONS, ...command.options });
    if (helpWanted) {
      out.line(renderCommandHelp(command));
      return ExitCode.Ok;
    }
    const connectFn = io.connect ?? connectSwitchboard;
    return await command.run({
      args: { values, positionals: positionals.slice(command.path.length) },
      env: io.env,
      out,
      connect: () => openConnection(values, io.env, connectFn),
    });
  } catch (error) {
    out.error(describeError(error));
    if (error instanceof UsageError && !out.json) {
      out.note(`Run "switchboard ${command ? command.path.join(' ') + ' ' : ''}--help" for usage.`);
    }
    return exitCodeFor(error);
  }
}

function withoutFirst(argv: readonly string[], word: string): string[] {
  const index = argv.indexOf(word);
  return [...argv.slice(0, index), ...argv.slice(index + 1)];
}

function findCommand(commands: readonly CommandDefinition[], words: readonly string[]): CommandDefinition | undefined {
  return commands.find((c) => c.path.every((word, i) => words[i] === word));
}

function showHelpInstead(out: Output, commands: readonly CommandDefinition[], words: readonly string[], helpWanted: boolean): ExitCode {
  const [first] = words;
  if (first !== undefined && commands.some((c) => c.path[0] === first)) {
    if (!helpWanted && words.length > 1) throw new UsageError(`unknown command "${words.slice(0, 2).join(' ')}"`);
    (helpWanted ? out.line.bind(out) : out.note.bind(out))(renderGroup(first, commands));
    return helpWanted ? ExitCode.Ok : ExitCode.Usage;
  }
  if (first !== undefined) throw new UsageError(`unknown command "${first}"`);
  (helpWanted ? out.line.bind(out) : out.note.bind(out))(renderOverview(commands));
  return helpWanted ? ExitCode.Ok : ExitCode.Usage;
}

function allOptions(commands: readonly CommandDefinition[]): OptionSpecs {
  return Object.assign({}, GLOBAL_OPTIONS, ...commands.map((c) => c.options)) as OptionSpecs;
}

async function openConnection(
  values: OptionValues,
  env: NodeJS.ProcessEnv,
  connectFn: NonNullable<CliEnvironment['connect']>,
): Promise<SwitchboardConnection> {
  const settings = resolveConnectionSettings(values, env);
  try {
    return await connectFn({ ...settings, clientInfo: CLI_CLIENT_INFO });
  } catch (error) {
    const { url } = resolveEndpoint(settings.url, settings.transport);
    throw new ConnectionFailedError(`could not connect to ${url.toString()}: ${connectionFailure(error)}`, {
      cause: error,
    });
  }
}

function connectionFailure(error: unknown): string {
  const authHint = ' (is the token expired, for another audience, or signed with another key?)';
  if (error instanceof WebSocketUpgradeError) return error.message + (error.status === 401 ? authHint : '');
  if (UnauthorizedError.isInstance(error)) return `HTTP 401 Unauthorized${authHint}`;
  if (SdkHttpError.isInstance(error)) {
    const text = typeof error.data.text === 'string' && error.data.text ? `: ${error.data.text}` : '';
    return `HTTP ${error.status}${text}${error.status === 401 ? authHint : ''}`;
  }
  return describeError(error).message;
}
