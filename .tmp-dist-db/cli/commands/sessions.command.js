"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sessionsListCommand = void 0;
const switchboard_methods_1 = require("../../client/switchboard-methods");
const args_1 = require("../args");
const command_1 = require("../command");
const exit_codes_1 = require("../exit-codes");
const output_1 = require("../output");
exports.sessionsListCommand = {
    path: ['sessions', 'list'],
    summary: 'list stored sessions (needs scope sessions:admin)',
    options: {
        limit: { type: 'string', valueName: 'n', description: 'at most n sessions' },
        cursor: { type: 'string', valueName: 'cursor', description: 'continue from a previous page' },
    },
    async run(context) {
        const { args, out } = context;
        if (args.positionals.length > 0)
            throw new exit_codes_1.UsageError(`unexpected argument "${args.positionals[0]}"`);
        const params = { limit: (0, args_1.integerOption)(args.values, 'limit', 1), cursor: (0, args_1.stringOption)(args.values, 'cursor') };
        return (0, command_1.withConnection)(context, async (client) => {
            const page = await (0, switchboard_methods_1.sessionsList)(client, params);
            out.result(page, () => {
                const table = page.sessions.length === 0
                    ? '(no sessions)'
                    : (0, output_1.formatTable)(['id', 'agent', 'transport', 'protocol', 'created', 'last seen', 'closed'], page.sessions.map((s) => [
                        s.id,
                        s.agentId,
                        s.transport,
                        s.protocolVersion ?? '-',
                        (0, output_1.formatTimestamp)(s.createdAt),
                        (0, output_1.formatTimestamp)(s.lastSeenAt),
                        (0, output_1.formatTimestamp)(s.closedAt),
                    ]));
                return page.nextCursor ? `${table}\nmore: --cursor ${page.nextCursor}` : table;
            });
        });
    },
};
//# sourceMappingURL=sessions.command.js.map