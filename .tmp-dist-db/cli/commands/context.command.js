"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.contextHistoryCommand = exports.contextUpdateCommand = exports.contextGetCommand = void 0;
const switchboard_methods_1 = require("../../client/switchboard-methods");
const args_1 = require("../args");
const command_1 = require("../command");
const exit_codes_1 = require("../exit-codes");
const output_1 = require("../output");
const CONTEXT_OPTION = {
    context: { type: 'string', valueName: 'id', description: "context id (default: the session's own context)" },
};
exports.contextGetCommand = {
    path: ['context', 'get'],
    summary: 'show the state and version of a context',
    options: CONTEXT_OPTION,
    async run(context) {
        const contextId = contextIdFrom(context);
        return (0, command_1.withConnection)(context, async (client) => {
            const snapshot = await (0, switchboard_methods_1.contextGet)(client, { contextId });
            context.out.result(snapshot, () => [
                `context ${snapshot.contextId}  version ${snapshot.version}  updated ${(0, output_1.formatTimestamp)(snapshot.updatedAt)}`,
                (0, output_1.formatJson)(snapshot.state),
            ].join('\n'));
        });
    },
};
exports.contextUpdateCommand = {
    path: ['context', 'update'],
    summary: 'apply a JSON merge patch (RFC 7396) to a context',
    details: `Example: switchboard context update --context <id> --patch '{"step":"done","draft":null}' --if-version 3`,
    options: {
        ...CONTEXT_OPTION,
        patch: { type: 'string', valueName: 'json', description: 'the merge patch, a JSON object (required)' },
        'if-version': { type: 'string', valueName: 'n', description: 'only apply if the context is at version n' },
    },
    async run(context) {
        const patch = (0, args_1.jsonObjectOption)(context.args.values, 'patch');
        if (patch === undefined)
            throw new exit_codes_1.UsageError(`--patch '<json>' is required`);
        const ifVersion = (0, args_1.integerOption)(context.args.values, 'if-version');
        const contextId = contextIdFrom(context);
        return (0, command_1.withConnection)(context, async (client) => {
            const result = await (0, switchboard_methods_1.contextUpdate)(client, { contextId, patch, ifVersion });
            context.out.result(result, () => `context ${result.contextId} is now at version ${result.version}`);
        });
    },
};
exports.contextHistoryCommand = {
    path: ['context', 'history'],
    summary: 'list the updates that produced a context',
    options: {
        ...CONTEXT_OPTION,
        after: { type: 'string', valueName: 'n', description: 'only updates after version n' },
        limit: { type: 'string', valueName: 'n', description: 'at most n updates' },
        cursor: { type: 'string', valueName: 'cursor', description: 'continue from a previous page' },
    },
    async run(context) {
        const { values } = context.args;
        const params = {
            contextId: contextIdFrom(context),
            afterVersion: (0, args_1.integerOption)(values, 'after'),
            limit: (0, args_1.integerOption)(values, 'limit', 1),
            cursor: (0, args_1.stringOption)(values, 'cursor'),
        };
        return (0, command_1.withConnection)(context, async (client) => {
            const page = await (0, switchboard_methods_1.contextHistory)(client, params);
            context.out.result(page, () => {
                const table = page.updates.length === 0
                    ? '(no updates)'
                    : (0, output_1.formatTable)(['version', 'created', 'agent', 'patch'], page.updates.map((u) => [
                        String(u.version),
                        (0, output_1.formatTimestamp)(u.createdAt),
                        u.agentId,
                        (0, output_1.truncate)(JSON.stringify(u.patch), 80),
                    ]));
                return page.nextCursor ? `${table}\nmore: --cursor ${page.nextCursor}` : table;
            });
        });
    },
};
function contextIdFrom({ args, out }) {
    if (args.positionals.length > 0)
        throw new exit_codes_1.UsageError(`unexpected argument "${args.positionals[0]}"`);
    const contextId = (0, args_1.stringOption)(args.values, 'context');
    if (contextId === undefined && !hasSession(args.values) && !out.json) {
        out.note("note: no --context or --session given, so this is the CLI's own new session's context");
    }
    return contextId;
}
function hasSession(values) {
    return (0, args_1.stringOption)(values, 'session') !== undefined;
}
//# sourceMappingURL=context.command.js.map