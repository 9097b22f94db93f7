"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.renderOverview = renderOverview;
exports.renderGroup = renderGroup;
exports.renderCommandHelp = renderCommandHelp;
const args_1 = require("./args");
const output_1 = require("./output");
const PROGRAM = 'switchboard';
function renderOverview(commands) {
    return [
        `Usage: ${PROGRAM} <command> [options]   (or: npm run cli -- <command> [options])`,
        '',
        'Commands:',
        indent((0, output_1.formatColumns)(commands.map((c) => [usageLine(c), c.summary]))),
        '',
        'Options for every command:',
        indent(renderOptions(args_1.GLOBAL_OPTIONS)),
        '',
        'Exit codes: 0 ok, 1 server or tool error, 2 usage error, 3 connection or auth failure.',
        `Run "${PROGRAM} <command> --help" for a command's options.`,
    ].join('\n');
}
/** Help for a command group such as `tools`, listing its subcommands. */
function renderGroup(group, commands) {
    const members = commands.filter((c) => c.path[0] === group);
    return [
        `Usage: ${PROGRAM} ${group} <${members.map((c) => c.path.slice(1).join(' ')).join('|')}> [options]`,
        '',
        indent((0, output_1.formatColumns)(members.map((c) => [usageLine(c), c.summary]))),
    ].join('\n');
}
function renderCommandHelp(command) {
    const sections = [`Usage: ${PROGRAM} ${usageLine(command)} [options]`, '', command.summary];
    if (command.details)
        sections.push('', command.details);
    if (Object.keys(command.options).length > 0)
        sections.push('', 'Options:', indent(renderOptions(command.options)));
    sections.push('', 'Options for every command:', indent(renderOptions(args_1.GLOBAL_OPTIONS)));
    return sections.join('\n');
}
function usageLine(command) {
    return [...command.path, ...(command.positionals ?? [])].join(' ');
}
function renderOptions(options) {
    const rows = Object.entries(options).map(([name, spec]) => {
        const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
        return [flag, spec.description];
    });
    return (0, output_1.formatColumns)(rows);
}
function indent(text) {
    return text
        .split('\n')
        .map((line) => (line ? `  ${line}` : line))
        .join('\n');
}
//# sourceMappingURL=help.js.map