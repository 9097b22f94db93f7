import { sessionsList } from '../../client/switchboard-methods';
import { integerOption, stringOption } from '../args';
import { withConnection, type CommandDefinition } from '../command';
import { UsageError } from '../exit-codes';
import { formatTable, formatTimestamp } from '../output';

export const sessionsListCommand: CommandDefinition = {
  path: ['sessions', 'list'],
  summary: 'list stored sessions (needs scope sessions:admin)',
  options: {
    limit: { type: 'string', valueName: 'n', description: 'at most n sessions' },
    cursor: { type: 'string', valueName: 'cursor', description: 'continue from a previous page' },
  },
  async run(context) {
    const { args, out } = context;
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const params = { limit: integerOption(args.values, 'limit', 1), cursor: stringOption(args.values, 'cursor') };
    return withConnection(context, async (client) => {
      const page = await sessionsList(client, params);
      out.result(page, () => {
        const table =
          page.sessions.length === 0
            ? '(no sessions)'
            : formatTable(
                ['id', 'agent', 'transport', 'protocol', 'created', 'last seen', 'closed'],
                page.sessions.map((s) => [
                  s.id,
                  s.agentId,
                  s.transport,
                  s.protocolVersion ?? '-',
                  formatTimestamp(s.createdAt),
                  formatTimestamp(s.lastSeenAt),
                  formatTimestamp(s.closedAt),
                ]),
              );
        return page.nextCursor ? `${table}\nmore: --cursor ${page.nextCursor}` : table;
      });
    });
  },
};
