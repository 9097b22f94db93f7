"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CLI_CLIENT_INFO = void 0;
exports.runCli = runCli;
const client_1 = require("@modelcontextprotocol/client");
const switchboard_client_1 = require("../client/switchboard-client");
const websocket_upgrade_error_1 = require("../client/websocket-upgrade-error");
const args_1 = require("./args");
const connection_settings_1 = require("./connection-settings");
const exit_codes_1 = require("./exit-codes");
const help_1 = require("./help");
const output_1 = require("./output");
exports.CLI_CLIENT_INFO = { name: 'switchboard-cli', version: '0.1.0' };
/** Runs one command line (without `node` and the script) and returns the exit status. */
async function runCli(argv, io, commands) {
    const out = new output_1.Output(io.stdout, io.stderr, argv.includes('--json'));
    let command;
    try {
        // A lenient first pass that knows every option, only to find the command words.
        const words = (0, args_1.parseCommandLine)(argv, allOptions(commands), false).positionals;
        const helpWanted = words[0] === 'help' || argv.includes('--help') || argv.includes('-h');
        const path = words[0] === 'help' ? words.slice(1) : words;
        command = findCommand(commands, path);
        if (!command)
            return showHelpInstead(out, commands, path, helpWanted);
        const { values, positionals } = (0, args_1.parseCommandLine)(argv.filter((arg) => arg !== 'help' || words[0] !== 'help'), { ...args_1.GLOBAL_OPTIONS, ...command.options });
        if (values['help']) {
            out.line((0, help_1.renderCommandHelp)(command));
            return exit_codes_1.ExitCode.Ok;
        }
        const connectFn = io.connect ?? switchboard_client_1.connectSwitchboard;
        return await command.run({
            args: { values, positionals: positionals.slice(command.path.length) },
            env: io.env,
            out,
            connect: () => openConnection(values, io.env, connectFn),
        });
    }
    catch (error) {
        out.error((0, exit_codes_1.describeError)(error));
        if (error instanceof exit_codes_1.UsageError && !out.json) {
            out.note(`Run "switchboard ${command ? command.path.join(' ') + ' ' : ''}--help" for usage.`);
        }
        return (0, exit_codes_1.exitCodeFor)(error);
    }
}
function findCommand(commands, words) {
    return commands.find((c) => c.path.every((word, i) => words[i] === word));
}
function showHelpInstead(out, commands, words, helpWanted) {
    const [first] = words;
    if (first !== undefined && commands.some((c) => c.path[0] === first)) {
        if (!helpWanted && words.length > 1)
            throw new exit_codes_1.UsageError(`unknown command "${words.slice(0, 2).join(' ')}"`);
        (helpWanted ? out.line.bind(out) : out.note.bind(out))((0, help_1.renderGroup)(first, commands));
        return helpWanted ? exit_codes_1.ExitCode.Ok : exit_codes_1.ExitCode.Usage;
    }
    if (first !== undefined)
        throw new exit_codes_1.UsageError(`unknown command "${first}"`);
    (helpWanted ? out.line.bind(out) : out.note.bind(out))((0, help_1.renderOverview)(commands));
    return helpWanted ? exit_codes_1.ExitCode.Ok : exit_codes_1.ExitCode.Usage;
}
function allOptions(commands) {
    return Object.assign({}, args_1.GLOBAL_OPTIONS, ...commands.map((c) => c.options));
}
async function openConnection(values, env, connectFn) {
    const settings = (0, connection_settings_1.resolveConnectionSettings)(values, env);
    try {
        return await connectFn({ ...settings, clientInfo: exports.CLI_CLIENT_INFO });
    }
    catch (error) {
        const { url } = (0, switchboard_client_1.resolveEndpoint)(settings.url, settings.transport);
        throw new exit_codes_1.ConnectionFailedError(`could not connect to ${url.toString()}: ${connectionFailure(error)}`, {
            cause: error,
        });
    }
}
function connectionFailure(error) {
    const authHint = ' (is the token expired, for another audience, or signed with another key?)';
    if (error instanceof websocket_upgrade_error_1.WebSocketUpgradeError)
        return error.message + (error.status === 401 ? authHint : '');
    if (client_1.UnauthorizedError.isInstance(error))
        return `HTTP 401 Unauthorized${authHint}`;
    if (client_1.SdkHttpError.isInstance(error)) {
        const text = typeof error.data.text === 'string' && error.data.text ? `: ${error.data.text}` : '';
        return `HTTP ${error.status}${text}${error.status === 401 ? authHint : ''}`;
    }
    return (0, exit_codes_1.describeError)(error).message;
}
//# sourceMappingURL=cli.js.map