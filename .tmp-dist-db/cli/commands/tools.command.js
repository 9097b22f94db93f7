"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toolsCallCommand = exports.toolsListCommand = void 0;
exports.formatProgress = formatProgress;
exports.renderToolResult = renderToolResult;
const args_1 = require("../args");
const command_1 = require("../command");
const exit_codes_1 = require("../exit-codes");
const output_1 = require("../output");
/** Safety net against a server that keeps handing out cursors. */
const MAX_PAGES = 100;
exports.toolsListCommand = {
    path: ['tools', 'list'],
    summary: 'list the tools your token may call',
    options: {},
    async run(context) {
        return (0, command_1.withConnection)(context, async (client) => {
            const tools = [];
            let cursor;
            for (let page = 0; page < MAX_PAGES; page++) {
                // tools/list directly, page by page: Client.listTools() answers from negotiated
                // capabilities, which a resumed session (--session) does not have.
                const result = await client.request({ method: 'tools/list', params: cursor ? { cursor } : {} });
                tools.push(...result.tools);
                cursor = result.nextCursor;
                if (!cursor)
                    break;
            }
            context.out.result({ tools }, () => tools.length === 0
                ? '(no tools)'
                : (0, output_1.formatTable)(['name', 'description'], tools.map((tool) => [tool.name, (0, output_1.truncate)(firstLine(tool.description ?? tool.title ?? ''), 100)])));
        });
    },
};
exports.toolsCallCommand = {
    path: ['tools', 'call'],
    positionals: ['<name>'],
    summary: 'call a tool; exits 1 if the tool reports an error',
    details: `Example: switchboard tools call getCustomerById --args '{"id":"c-1"}'`,
    options: {
        args: { type: 'string', valueName: 'json', description: 'the arguments, a JSON object (default {})' },
        timeout: { type: 'string', valueName: 'seconds', description: 'give up after this long without progress (default 60)' },
    },
    async run(context) {
        const { args, out } = context;
        const [name, ...extra] = args.positionals;
        if (!name)
            throw new exit_codes_1.UsageError('tools call needs a tool name: tools call <name> --args <json>');
        if (extra.length > 0)
            throw new exit_codes_1.UsageError(`unexpected argument "${extra[0]}" (pass arguments with --args '<json>')`);
        const toolArgs = (0, args_1.jsonObjectOption)(args.values, 'args') ?? {};
        const timeoutSeconds = (0, args_1.integerOption)(args.values, 'timeout', 1);
        return (0, command_1.withConnection)(context, async (client) => {
            const result = (await client.request({ method: 'tools/call', params: { name, arguments: toolArgs } }, {
                onprogress: (progress) => out.note(formatProgress(progress)),
                resetTimeoutOnProgress: true,
                timeout: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
            }));
            out.result(result, () => renderToolResult(result));
            if (!result.isError)
                return exit_codes_1.ExitCode.Ok;
            out.note(`tool "${name}" reported an error`);
            return exit_codes_1.ExitCode.Failure;
        });
    },
};
function formatProgress(progress) {
    const amount = progress.total === undefined ? `${progress.progress}` : `${progress.progress}/${progress.total}`;
    return `progress ${amount}${progress.message ? ` ${progress.message}` : ''}`;
}
/** Text blocks as they are; other blocks as a one-line summary; structured content when there is no text. */
function renderToolResult(result) {
    const parts = result.content.map(renderContent);
    const hasText = result.content.some((block) => block.type === 'text');
    if (!hasText && result.structuredContent !== undefined)
        parts.push((0, output_1.formatJson)(result.structuredContent));
    return parts.length === 0 ? '(empty result)' : parts.join('\n');
}
function renderContent(block) {
    switch (block.type) {
        case 'text':
            return block.text;
        case 'image':
        case 'audio':
            return `[${block.type} ${block.mimeType}, ${Math.floor((block.data.length * 3) / 4)} bytes]`;
        case 'resource_link':
            return `[resource link] ${block.uri}`;
        case 'resource':
            return 'text' in block.resource ? block.resource.text : `[resource] ${block.resource.uri}`;
        default:
            return `[${block.type}]`;
    }
}
function firstLine(text) {
    return text.split('\n', 1)[0] ?? '';
}
//# sourceMappingURL=tools.command.js.map