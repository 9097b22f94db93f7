import { GLOBAL_OPTIONS, type OptionSpecs } from './args';
import type { CommandDefinition } from './command';
import { formatColumns } from './output';

const PROGRAM = 'switchboard';

export function renderOverview(commands: readonly CommandDefinition[]): string {
  return [
    `Usage: ${PROGRAM} <command> [options]   (or: npm run cli -- <command> [options])`,
    '',
    'Commands:',
    indent(formatColumns(commands.map((c) => [usageLine(c), c.summary]))),
    '',
    'Options for every command:',
    indent(renderOptions(GLOBAL_OPTIONS)),
    '',
    'Exit codes: 0 ok, 1 server or tool error, 2 usage error, 3 connection or auth failure.',
    `Run "${PROGRAM} <command> --help" for a command's options.`,
  ].join('\n');
}

/** Help for a command group such as `tools`, listing its subcommands. */
export function renderGroup(group: string, commands: readonly CommandDefinition[]): string {
  const members = commands.filter((c) => c.path[0] === group);
  return [
    `Usage: ${PROGRAM} ${group} <${members.map((c) => c.path.slice(1).join(' ')).join('|')}> [options]`,
    '',
    indent(formatColumns(members.map((c) => [usageLine(c), c.summary]))),
  ].join('\n');
}

export function renderCommandHelp(command: CommandDefinition): string {
  const sections = [`Usage: ${PROGRAM} ${usageLine(command)} [options]`, '', command.summary];
  if (command.details) sections.push('', command.details);
  if (Object.keys(command.options).length > 0) sections.push('', 'Options:', indent(renderOptions(command.options)));
  sections.push('', 'Options for every command:', indent(renderOptions(GLOBAL_OPTIONS)));
  return sections.join('\n');
}

function usageLine(command: CommandDefinition): string {
  return [...command.path, ...(command.positionals ?? [])].join(' ');
}

function renderOptions(options: OptionSpecs): string {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
    return [flag, spec.description];
  });
  return formatColumns(rows);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}
