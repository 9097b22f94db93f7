import { contextGet, contextHistory, contextUpdate } from '../../client/switchboard-methods';
import { integerOption, jsonObjectOption, stringOption, type OptionSpecs, type OptionValues } from '../args';
import { withConnection, type CommandContext, type CommandDefinition } from '../command';
import { UsageError } from '../exit-codes';
import { formatJson, formatTable, formatTimestamp, truncate } from '../output';

const CONTEXT_OPTION: OptionSpecs = {
  context: { type: 'string', valueName: 'id', description: "context id (default: the session's own context)" },
};

export const contextGetCommand: CommandDefinition = {
  path: ['context', 'get'],
  summary: 'show the state and version of a context',
  options: CONTEXT_OPTION,
  async run(context) {
    const contextId = contextIdFrom(context);
    return withConnection(context, async (client) => {
      const snapshot = await contextGet(client, { contextId });
      context.out.result(snapshot, () =>
        [
          `context ${snapshot.contextId}  version ${snapshot.version}  updated ${formatTimestamp(snapshot.updatedAt)}`,
          formatJson(snapshot.state),
        ].join('\n'),
      );
    });
  },
};

export const contextUpdateCommand: CommandDefinition = {
  path: ['context', 'update'],
  summary: 'apply a JSON merge patch (RFC 7396) to a context',
  details: `Example: switchboard context update --context <id> --patch '{"step":"done","draft":null}' --if-version 3`,
  options: {
    ...CONTEXT_OPTION,
    patch: { type: 'string', valueName: 'json', description: 'the merge patch, a JSON object (required)' },
    'if-version': { type: 'string', valueName: 'n', description: 'only apply if the context is at version n' },
  },
  async run(context) {
    const patch = jsonObjectOption(context.args.values, 'patch');
    if (patch === undefined) throw new UsageError(`--patch '<json>' is required`);
    const ifVersion = integerOption(context.args.values, 'if-version');
    const contextId = contextIdFrom(context);
    return withConnection(context, async (client) => {
      const result = await contextUpdate(client, { contextId, patch, ifVersion });
      context.out.result(result, () => `context ${result.contextId} is now at version ${result.version}`);
    });
  },
};

export const contextHistoryCommand: CommandDefinition = {
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
      afterVersion: integerOption(values, 'after'),
      limit: integerOption(values, 'limit', 1),
      cursor: stringOption(values, 'cursor'),
    };
    return withConnection(context, async (client) => {
      const page = await contextHistory(client, params);
      context.out.result(page, () => {
        const table =
          page.updates.length === 0
            ? '(no updates)'
            : formatTable(
                ['version', 'created', 'agent', 'patch'],
                page.updates.map((u) => [
                  String(u.version),
                  formatTimestamp(u.createdAt),
                  u.agentId,
                  truncate(JSON.stringify(u.patch), 80),
                ]),
              );
        return page.nextCursor ? `${table}\nmore: --cursor ${page.nextCursor}` : table;
      });
    });
  },
};

function contextIdFrom({ args, out }: CommandContext): string | undefined {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const contextId = stringOption(args.values, 'context');
  if (contextId === undefined && !hasSession(args.values) && !out.json) {
    out.note("note: no --context or --session given, so this is the CLI's own new session's context");
  }
  return contextId;
}

function hasSession(values: OptionValues): boolean {
  return stringOption(values, 'session') !== undefined;
}
